import type { INestApplicationContext, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import cliProgress from 'cli-progress';
import {
  ProjectorNotFoundError,
  ProjectorNotRebuildableError,
  ProjectorRebuildRunningError,
} from '../errors/projector.errors.js';
import { ProjectorRebuild, type RebuildProgress, type RebuildResult } from '../rebuild/projector-rebuild.js';
import { ProjectorRunner } from '../runtime/projector-runner.js';
import {
  parseRebuildCliArgs,
  REBUILD_CLI_USAGE,
  RebuildCliUsageError,
  type RebuildCliCommand,
} from './rebuild-cli-args.js';

type RebuildCommand = Extract<RebuildCliCommand, { kind: 'rebuild' }>;

/** Where the command line writes: the result to `stdout`, the progress bar and errors to `stderr`. */
export interface RebuildCliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

/** The environment variable the app reads to keep its projectors from running. */
const PROJECTORS_ENABLED_ENV = 'PROJECTORS_ENABLED';

/**
 * A rebuild command line for an app: `<projector> [--tenant <id>]`, with a progress bar (events
 * done of total, rate, ETA). It boots a Nest application context of `appModule`, runs
 * `ProjectorRebuild.rebuild`, prints the result and closes the context. The exit code (also set
 * on `process.exitCode`) is 0 on success, 1 when the rebuild failed (an unknown projector lists
 * the known ones), 2 for a wrong command line.
 *
 * The rebuilding process should not run projectors itself (the live ones run elsewhere). The
 * helper sets `PROJECTORS_ENABLED=false` before it boots the app, so read it where the options
 * are built at boot, e.g.
 * `ProjectorModule.forRootAsync({ useFactory: () => ({ source, enabled: process.env.PROJECTORS_ENABLED !== 'false' }) })`
 * (options built when the app module is imported would read it too early). Projectors that run
 * anyway are stopped before the rebuild starts, with a warning.
 *
 * @example
 * ```ts
 * // rebuild.ts: node dist/rebuild.js stock-levels --tenant acme
 * import { runProjectorRebuildCli } from '@ddd-kit/projector';
 * import { AppModule } from './app.module.js';
 * await runProjectorRebuildCli(AppModule);
 * ```
 */
export async function runProjectorRebuildCli(
  appModule: Type,
  argv: readonly string[] = process.argv.slice(2),
  io: RebuildCliIo = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const code = await run(appModule, argv, io);
  process.exitCode = code;
  return code;
}

async function run(appModule: Type, argv: readonly string[], io: RebuildCliIo): Promise<number> {
  let command: RebuildCliCommand;
  try {
    command = parseRebuildCliArgs(argv);
  } catch (error) {
    if (!(error instanceof RebuildCliUsageError)) throw error;
    io.stderr.write(`${error.message}\n\n${REBUILD_CLI_USAGE}`);
    return 2;
  }
  if (command.kind === 'help') {
    io.stdout.write(REBUILD_CLI_USAGE);
    return 0;
  }

  process.env[PROJECTORS_ENABLED_ENV] = 'false';
  let app: INestApplicationContext | undefined;
  const bar = new ProgressBar(io.stderr, command.projector);
  try {
    // abortOnError off: a failing boot must reach the catch below, not abort the process.
    app = await NestFactory.createApplicationContext(appModule, {
      logger: ['error', 'warn'],
      abortOnError: false,
    });
    const runner = app.get(ProjectorRunner, { strict: false });
    if (runner.running) {
      io.stderr.write(
        `Warning: projectors were running in this process; stopping them. Let the app read ${PROJECTORS_ENABLED_ENV}.\n`,
      );
      await runner.stop();
    }
    const result = await app.get(ProjectorRebuild, { strict: false }).rebuild(command.projector, {
      ...(command.tenantId !== undefined && { tenantId: command.tenantId }),
      onProgress: (progress) => bar.update(progress),
    });
    bar.stop();
    io.stdout.write(describeResult(result));
    return 0;
  } catch (error) {
    bar.stop();
    io.stderr.write(`${describeError(error, command)}\n`);
    return 1;
  } finally {
    await app?.close();
  }
}

/** A `cli-progress` bar that starts on the first report. */
class ProgressBar {
  private readonly bar: cliProgress.SingleBar;
  private started: number | undefined;

  constructor(stream: NodeJS.WritableStream, projector: string) {
    this.bar = new cliProgress.SingleBar(
      {
        stream,
        format: `${projector} [{bar}] {percentage}% | {value}/{total} events | {rate} events/s | ETA {eta_formatted}`,
        etaBuffer: 50,
        hideCursor: true,
        // Outside a terminal (CI, logs) a line now and then rather than nothing.
        noTTYOutput: true,
        notTTYSchedule: 5_000,
      },
      cliProgress.Presets.shades_classic,
    );
  }

  update({ done, total }: RebuildProgress): void {
    if (this.started === undefined) {
      this.started = Date.now();
      this.bar.start(total, done, { rate: '0' });
      return;
    }
    const seconds = (Date.now() - this.started) / 1000;
    this.bar.setTotal(total);
    this.bar.update(done, { rate: seconds > 0 ? Math.round(done / seconds).toString() : '0' });
  }

  stop(): void {
    if (this.started !== undefined) this.bar.stop();
    this.started = undefined;
  }
}

function describeResult(result: RebuildResult): string {
  const scope = result.tenantId === undefined ? '' : ` for tenant ${result.tenantId}`;
  const lines = [
    `Rebuilt ${result.projector}${scope}: ${result.events} events in ${result.seconds.toFixed(1)} s.`,
  ];
  if (result.parked > 0)
    lines.push(`${result.parked} events were parked; list and retry them with ProjectorAdmin.`);
  return `${lines.join('\n')}\n`;
}

function describeError(error: unknown, { projector, tenantId }: RebuildCommand): string {
  const scope = tenantId === undefined ? '' : ` for tenant ${tenantId}`;
  if (error instanceof ProjectorNotFoundError) {
    const known = typeof error.params['known'] === 'string' ? error.params['known'] : '';
    return `Unknown projector "${projector}". Known projectors: ${known || '(none)'}.`;
  }
  if (error instanceof ProjectorRebuildRunningError)
    return `A rebuild of "${projector}"${scope} is running already; try again once it is done.`;
  if (error instanceof ProjectorNotRebuildableError)
    return `Projector "${projector}" declares no tables (@Projector({ tables })), so it cannot be rebuilt.`;
  return `Rebuild of "${projector}" failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
}
