import { PassThrough } from 'node:stream';
import { Module, type Type } from '@nestjs/common';
import { DatabaseModule } from '@ddd-kit/database';
import { OutboxModule } from '@ddd-kit/outbox';
import {
  ProjectorModule,
  ProjectorRebuild,
  runProjectorRebuildCli,
  type RebuildCliIo,
} from '@ddd-kit/projector';
import { until, type DatabaseTestModule } from '@ddd-kit/testing';
import { startProjectorTestModule, StockWriter } from './fixture/projector-test-module.js';
import { checksum, matchesAggregates, sql, writeStock } from './fixture/read-model.js';
import { StockItem } from './fixture/stock.aggregate.js';
import { StockLevelsProjector } from './fixture/stock-levels.projector.js';

/** Streams that keep what was written. */
function capture(): RebuildCliIo & { out: () => string; err: () => string } {
  const streams = { stdout: new PassThrough(), stderr: new PassThrough() };
  const text = { stdout: '', stderr: '' };
  streams.stdout.on('data', (chunk: Buffer) => (text.stdout += chunk.toString()));
  streams.stderr.on('data', (chunk: Buffer) => (text.stderr += chunk.toString()));
  return { ...streams, out: () => text.stdout, err: () => text.stderr };
}

/** An app as a rebuild command would boot it: its projectors follow `PROJECTORS_ENABLED`. */
function appModule(url: string, options: { obeysEnv: boolean }): Type {
  @Module({
    imports: [
      DatabaseModule.forRoot({ url, entities: [StockItem] }),
      OutboxModule.forRoot({}),
      ProjectorModule.forRootAsync({
        useFactory: () => ({
          source: 'outbox' as const,
          enabled: options.obeysEnv ? process.env['PROJECTORS_ENABLED'] !== 'false' : true,
        }),
      }),
    ],
    providers: [StockLevelsProjector],
  })
  class RebuildCliAppModule {}
  return RebuildCliAppModule;
}

describe('runProjectorRebuildCli', () => {
  let app: DatabaseTestModule;

  beforeAll(async () => {
    app = await startProjectorTestModule({ projector: { source: 'outbox', pollIntervalMs: 100 } });
    await writeStock(app.module.get(StockWriter), {
      prefix: 'CLI',
      items: 12,
      rounds: 3,
      tenants: ['t-1', undefined],
    });
    await until(() => matchesAggregates(app), 'the live model');
  }, 30_000);
  afterEach(() => {
    delete process.env['PROJECTORS_ENABLED'];
    process.exitCode = undefined;
  });
  afterAll(async () => {
    await app?.close();
  }, 30_000);

  it('rebuilds the named projector with projectors off, and prints the result', async () => {
    const live = await checksum(app);
    await sql(app, 'update stock_levels set on_hand = -1');
    const io = capture();

    const code = await runProjectorRebuildCli(
      appModule(app.database.url, { obeysEnv: true }),
      ['stock-levels'],
      io,
    );

    expect([code, process.exitCode]).toEqual([0, 0]);
    expect(io.out()).toMatch(/^Rebuilt stock-levels: 84 events in \d+\.\d s\.\n$/);
    expect(io.err()).not.toMatch(/Warning/);
    // The progress bar, one line per report outside a terminal.
    expect(io.err()).toMatch(/^stock-levels \[.*\] 0% \| 0\/84 events \| 0 events\/s \| ETA/);
    expect(io.err()).toMatch(/stock-levels \[.*\] 100% \| 84\/84 events \| \d+ events\/s \| ETA 0s\n/);
    expect(process.env['PROJECTORS_ENABLED']).toBe('false');
    expect(await checksum(app)).toBe(live);
  }, 30_000);

  it('rebuilds one tenant with --tenant', async () => {
    const io = capture();
    const code = await runProjectorRebuildCli(
      appModule(app.database.url, { obeysEnv: true }),
      ['stock-levels', '--tenant', 't-1'],
      io,
    );
    expect(code).toBe(0);
    expect(io.out()).toMatch(/^Rebuilt stock-levels for tenant t-1: 42 events in /);
  }, 30_000);

  it('stops projectors of an app that ignores PROJECTORS_ENABLED, with a warning', async () => {
    const io = capture();
    const code = await runProjectorRebuildCli(
      appModule(app.database.url, { obeysEnv: false }),
      ['stock-levels'],
      io,
    );
    expect(code).toBe(0);
    expect(io.err()).toMatch(/Warning: projectors were running in this process; stopping them/);
    expect(await matchesAggregates(app)).toBe(true);
  }, 30_000);

  it('fails with the known projectors when the name is unknown', async () => {
    const io = capture();
    const code = await runProjectorRebuildCli(
      appModule(app.database.url, { obeysEnv: true }),
      ['stock-level'],
      io,
    );
    expect([code, process.exitCode]).toEqual([1, 1]);
    expect(io.err()).toBe('Unknown projector "stock-level". Known projectors: stock-levels.\n');
    expect(io.out()).toBe('');
  }, 30_000);

  it('fails clearly while another rebuild of the model runs', async () => {
    const io = capture();
    let code: number | undefined;
    await app.module.get(ProjectorRebuild).rebuild('stock-levels', {
      tenantId: 't-1',
      onProgress: async () => {
        code ??= await runProjectorRebuildCli(
          appModule(app.database.url, { obeysEnv: true }),
          ['stock-levels', '--tenant=t-1'],
          io,
        );
      },
    });
    expect(code).toBe(1);
    expect(io.err()).toBe(
      'A rebuild of "stock-levels" for tenant t-1 is running already; try again once it is done.\n',
    );
  }, 30_000);

  it('fails, without aborting the process, when the app does not boot', async () => {
    const io = capture();
    // Nothing listens on port 1.
    const broken = appModule('postgres://postgres@127.0.0.1:1/none', { obeysEnv: true });
    const code = await runProjectorRebuildCli(broken, ['stock-levels'], io);
    expect(code).toBe(1);
    expect(io.err()).toMatch(/^Rebuild of "stock-levels" failed: .*ECONNREFUSED/s);
  }, 30_000);

  it('prints the usage for --help and for a wrong command line, without booting the app', async () => {
    const help = capture();
    const never = appModule('postgres://nobody@127.0.0.1:1/none', { obeysEnv: true });
    expect(await runProjectorRebuildCli(never, ['--help'], help)).toBe(0);
    expect(help.out()).toMatch(/^Usage: .*<projector> \[--tenant <id>\]/);

    const wrong = capture();
    expect(await runProjectorRebuildCli(never, ['a', 'b'], wrong)).toBe(2);
    expect(process.exitCode).toBe(2);
    expect(wrong.err()).toMatch(/^Name one projector, got: a b\n\nUsage: /);
  }, 30_000);
});
