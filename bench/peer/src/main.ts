// reflect-metadata first: the decorators of every module below read and write it on import.
import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { NestFactory } from '@nestjs/core';
import type { ContenderRunConfig, ContenderRunResult } from '../../peer-comparison/contender/contender-run.js';
import { DeliveryLog } from '../../peer-comparison/contender/delivery-log.js';
import { ormOptions, PeerAppModule } from './peer-app.module';
import { PeerOrder } from './peer-order';
import { peerSettings, type PeerSettings } from './peer-settings';
import { PlaceOrderService } from './place-order.service';
import { runWorkload } from '../../peer-comparison/contender/run-workload.js';

/**
 * One run of the peer, started by `bench/peer-comparison/peer.bench.ts` with its configuration
 * in `PEER_BENCH_RUN`: migrates the fresh database, starts the app, runs the workload and writes
 * the result file.
 */
async function main(): Promise<void> {
  const config = JSON.parse(process.env['PEER_BENCH_RUN'] ?? 'null') as ContenderRunConfig | null;
  if (!config) throw new Error('PEER_BENCH_RUN is not set: run this through `npm run bench:peer`');
  const settings = peerSettings();
  await migrate(config.databaseUrl, settings);
  const app = await NestFactory.createApplicationContext(
    PeerAppModule.forDatabase(config.databaseUrl, settings),
    { logger: ['error', 'warn'] },
  );
  try {
    const orders = app.get(PlaceOrderService);
    const outcome = await runWorkload(config, (round, index) => orders.place(round, index), app.get(DeliveryLog));
    const em = app.get(MikroORM).em.fork() as EntityManager;
    const rowStates = await em.getConnection().execute<{ state: string; count: string }[]>(
      `select status || case when delivered_to_listeners::jsonb = '[]'::jsonb then ', not delivered'
              else ', delivered' end as state, count(*) as count
         from outbox_transport_event group by 1 order by 1`,
    );
    const outboxRowsByState = Object.fromEntries(rowStates.map((row) => [row.state, Number(row.count)]));
    const result: ContenderRunResult = {
      contender: '@fullstackhouse/nestjs-outbox',
      settings: describeSettings(settings),
      ...outcome,
      checks: {
        aggregateRows: await em.count(PeerOrder),
        outboxRowsLeft: Object.values(outboxRowsByState).reduce((sum, count) => sum + count, 0),
        outboxRowsLeftMeaning: 'rows left in outbox_transport_event (a row is deleted once its listeners succeeded)',
        outboxRowsByState,
      },
    };
    await writeFile(config.resultPath, JSON.stringify(result));
  } finally {
    await app.close();
  }
}

/** The driver's `OutboxMigrations` and the orders table, as the README's migrator would run them. */
async function migrate(databaseUrl: string, settings: PeerSettings): Promise<void> {
  const orm = await MikroORM.init(ormOptions(databaseUrl, settings));
  try {
    await orm.getMigrator().up();
  } finally {
    await orm.close();
  }
}

function describeSettings(settings: PeerSettings): Record<string, unknown> {
  return {
    ...settings,
    retryStrategy: 'library default: min(1000 · 2^retryCount, 60000) ms after each claim',
    useContext: false,
    emit: 'TransactionalEventEmitter.emit(event, [{ entity, operation: persist }])',
  };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
