// reflect-metadata first: the decorators of every module below read and write it on import.
import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import { Logger } from '@nestjs/common';
import pg from 'pg';
import { startKafkaTestBroker, type KafkaTestBroker } from '@ddd-kit/testing';
import type { ContenderRunConfig, ContenderRunResult } from './contender/contender-run.js';
import { DeliveryLog } from './contender/delivery-log.js';
import { MEASURED_ROUND, runWorkload } from './contender/run-workload.js';
import { BENCH_PEER_ORDERS_TOPIC } from './fixture/bench-peer-order-placed.event.js';
import {
  CONTENDER_POOL,
  CONTENDER_RELAY_OPTIONS,
  startContenderApp,
  type DddKitTransport,
} from './fixture/contender-app.js';
import { PlaceOrderService } from './fixture/place-order.service.js';
import { KAFKA_CONSUMER_SETTINGS, KafkaDeliveryConsumer } from './kafka-delivery-consumer.js';

/** Partitions of the orders topic: what the mock cluster gives topics it auto-creates. */
const PARTITIONS = 4;

/**
 * One run of a ddd-kit contender, started by `peer.bench.ts` as
 * `node ddd-kit-contender.js in-process|kafka` with its configuration in `PEER_BENCH_RUN`.
 */
async function main(): Promise<void> {
  const transport = process.argv[2];
  if (transport !== 'in-process' && transport !== 'kafka')
    throw new Error(`Usage: ddd-kit-contender.js in-process|kafka (got ${transport})`);
  const config = JSON.parse(process.env['PEER_BENCH_RUN'] ?? 'null') as ContenderRunConfig | null;
  if (!config) throw new Error('PEER_BENCH_RUN is not set: run this through `npm run bench:peer`');
  Logger.overrideLogger(['error', 'warn']);

  let broker: KafkaTestBroker | undefined;
  let consumer: KafkaDeliveryConsumer | undefined;
  try {
    if (transport === 'kafka')
      broker = await startKafkaTestBroker({ topics: { [BENCH_PEER_ORDERS_TOPIC]: PARTITIONS } });
    const app = await startContenderApp(transport, config.databaseUrl, broker?.brokers ?? []);
    try {
      if (broker) consumer = await KafkaDeliveryConsumer.start(broker.brokers, app.module.get(DeliveryLog));
      const orders = app.module.get(PlaceOrderService);
      const outcome = await runWorkload(
        config,
        (round, index) => orders.place(round, index),
        app.module.get(DeliveryLog),
      );
      const result: ContenderRunResult = {
        contender: transport === 'kafka' ? 'ddd-kit (Kafka)' : 'ddd-kit (in-process)',
        settings: describeSettings(transport, broker),
        ...outcome,
        publishLagMs: await publishLag(config.databaseUrl),
        checks: await checkDatabase(config.databaseUrl),
      };
      await writeFile(config.resultPath, JSON.stringify(result));
    } finally {
      await consumer?.stop();
      await app.close();
    }
  } finally {
    await broker?.stop();
  }
}

function describeSettings(
  transport: DddKitTransport,
  broker: KafkaTestBroker | undefined,
): Record<string, unknown> {
  return {
    transport:
      transport === 'kafka'
        ? 'KafkaTransport (acks -1, not idempotent: the mock refuses it)'
        : 'InProcessTransport',
    relay: CONTENDER_RELAY_OPTIONS,
    pool: CONTENDER_POOL,
    command:
      '@Transactional() service method: repository.add(new aggregate); OutboxSink writes the row at flush',
    ...(transport === 'kafka'
      ? {
          broker: broker?.external ? 'external (KAFKA_BROKERS)' : "librdkafka's mock cluster",
          partitions: PARTITIONS,
          consumer: KAFKA_CONSUMER_SETTINGS,
        }
      : {}),
  };
}

/** `published_at − occurred_at` of the measured round's rows: see `ContenderRunResult`. */
async function publishLag(databaseUrl: string): Promise<ContenderRunResult['publishLagMs']> {
  return withClient(databaseUrl, async (client) => {
    const lag = await client.query<{ p50: number | null; p99: number | null }>(
      `select percentile_cont(0.5) within group (order by lag_ms) as p50,
              percentile_cont(0.99) within group (order by lag_ms) as p99
         from (select extract(epoch from published_at - occurred_at) * 1000 as lag_ms
                 from outbox_messages
                where published_at is not null and (payload ->> 'round')::int = $1) as published`,
      [MEASURED_ROUND],
    );
    const row = lag.rows[0];
    return row?.p50 != null && row.p99 != null ? { p50: row.p50, p99: row.p99 } : undefined;
  });
}

/** Orders written, and outbox rows not published, straight from the table. */
async function checkDatabase(databaseUrl: string): Promise<ContenderRunResult['checks']> {
  return withClient(databaseUrl, async (client) => {
    const orders = await client.query<{ count: string }>('select count(*) as count from bench_peer_orders');
    const states = await client.query<{ status: string; count: string }>(
      "select status, count(*) as count from outbox_messages where status <> 'published' group by status order by status",
    );
    const outboxRowsByState = Object.fromEntries(states.rows.map((row) => [row.status, Number(row.count)]));
    return {
      aggregateRows: Number(orders.rows[0]?.count ?? -1),
      outboxRowsLeft: Object.values(outboxRowsByState).reduce((sum, count) => sum + count, 0),
      outboxRowsLeftMeaning:
        "rows of outbox_messages not 'published' (published rows are kept for retention)",
      outboxRowsByState,
    };
  });
}

/** A plain client of its own: the app may already be closing its pool. */
async function withClient<T>(databaseUrl: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

await main();
