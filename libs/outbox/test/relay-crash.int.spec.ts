import { setTimeout as sleep } from 'node:timers/promises';
import { UnitOfWork } from '@ddd-kit/database';
import { KafkaTransport } from '@ddd-kit/outbox';
import {
  startKafkaTestBroker,
  startTestProcess,
  type DatabaseTestModule,
  type KafkaTestBroker,
  type TestProcess,
} from '@ddd-kit/testing';
import { Account } from './fixture/account.aggregate.js';
import { DeliveryRecorder } from './fixture/delivery-recorder.js';
import { HELD_ROWS_SQL } from './fixture/held-rows.js';
import { AccountRepository, startAccountTestModule } from './fixture/account-test-module.js';
import {
  isRelayProcessStarted,
  RELAY_PROCESS_CONFIG_ENV,
  type RelayProcessConfig,
} from './fixture/relay-process.config.js';

const TOPIC = 'relay-crash.accounts';
const ROUTING = { topics: { 'test.bank.account-opened': TOPIC, 'test.bank.money-deposited': TOPIC } };
const AGGREGATES = 120;
const EVENTS_PER_AGGREGATE = 10;
const BATCH_SIZE = 50;
const CHILD_HOLD_MS = 1_500;
// Kill once this many rows are out: well into the run, well before its end.
const KILL_AFTER_PUBLISHED = 300;

interface Row {
  id: string;
  aggregate_id: string;
  status: string;
  locked_by: string | null;
  // Epoch milliseconds (the raw driver hands timestamps back as text).
  locked_until: number | null;
  published_at: number | null;
}

/**
 * A relay process is SIGKILLed while it has batches in flight (rows held by its open
 * transactions, sent or not): PostgreSQL ends those transactions with the connections, another
 * relay takes the rows over, and every committed event reaches Kafka (duplicates allowed, none
 * lost, per-aggregate order kept on first delivery).
 */
describe('relay killed mid-batch', () => {
  let broker: KafkaTestBroker;
  let app: DatabaseTestModule;
  let survivor: DatabaseTestModule | undefined;
  let child: TestProcess | undefined;
  let recorder: DeliveryRecorder | undefined;

  beforeAll(async () => {
    broker = await startKafkaTestBroker({ topics: { [TOPIC]: 4 } });
    // The writers' app: no transport, so no relay in this process.
    app = await startAccountTestModule({ routing: ROUTING });
    recorder = await DeliveryRecorder.start(broker.brokers, TOPIC, 'relay-crash-test');
  }, 30_000);
  afterAll(async () => {
    await child?.kill();
    await recorder?.stop();
    await survivor?.close();
    await app?.close();
    await broker?.stop();
  });

  const query = async <T>(sql: string, params: unknown[] = []): Promise<T[]> =>
    (await app.orm.em.getConnection().execute(sql, params)) as T[];
  const rows = () =>
    query<Row>(
      `select id, aggregate_id, status, locked_by,
            (extract(epoch from locked_until) * 1000)::float8 as locked_until,
            (extract(epoch from published_at) * 1000)::float8 as published_at
       from outbox_messages order by seq`,
    );

  it('loses nothing: a new relay takes over the rows the dead one held', async () => {
    const uow = app.module.get(UnitOfWork);
    const accounts = app.module.get(AccountRepository);
    const ids = await Promise.all(
      Array.from({ length: AGGREGATES }, (_, i) =>
        uow.run(async () => {
          const account = Account.open(`owner-${i}`);
          for (let n = 1; n < EVENTS_PER_AGGREGATE; n++) account.deposit(n);
          accounts.add(account);
          return account.id;
        }),
      ),
    );
    // And more events keep coming while the relays work, the kill included.
    let writing = true;
    const writer = (async () => {
      for (let n = 0; writing; n++) {
        const id = ids[n % ids.length]!;
        await uow.run(async () => (await accounts.get(id)).deposit(-n), { retryOnConflict: 10 });
        await sleep(5);
      }
    })();

    // Slow broker answers keep the child's batches in flight long enough to be killed in one.
    await broker.setResponseDelay(30);
    const config: RelayProcessConfig = {
      databaseUrl: app.database.url,
      brokers: broker.brokers,
      routing: ROUTING,
      relay: { batchSize: BATCH_SIZE, leaseMs: CHILD_HOLD_MS, pollIntervalMs: 100 },
    };
    child = await startTestProcess(new URL('./fixture/relay.process.ts', import.meta.url), {
      env: { [RELAY_PROCESS_CONFIG_ENV]: JSON.stringify(config) },
    });
    await child.waitForMessage(isRelayProcessStarted);

    const deadline = Date.now() + 20_000;
    let heldAtKill: string[];
    for (;;) {
      const [progress] = await query<{ published: number }>(
        `select count(*) filter (where status = 'published')::int as published from outbox_messages`,
      );
      heldAtKill = (await query<{ id: string }>(HELD_ROWS_SQL)).map((row) => row.id);
      if (progress && progress.published >= KILL_AFTER_PUBLISHED && heldAtKill.length > 0) break;
      if (Date.now() > deadline) throw new Error(`the relay process did not get going:\n${child.output()}`);
      await sleep(5);
    }
    expect(await child.kill('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    const killedAt = Date.now();

    const atKill = await rows();
    const held = new Set(heldAtKill);
    expect(atKill.filter((row) => held.has(row.id)).every((row) => row.status === 'pending')).toBe(true);
    expect(atKill.filter((row) => row.status === 'published').length).toBeGreaterThanOrEqual(
      KILL_AFTER_PUBLISHED,
    );
    expect(atKill.some((row) => row.status === 'pending' && !held.has(row.id))).toBe(true);
    // No lease to wait for: the dead relay's transactions ended with its connections.
    const freed = Date.now() + 5_000;
    while ((await query<{ id: string }>(HELD_ROWS_SQL)).length > 0) {
      if (Date.now() > freed) throw new Error('the dead relay still holds rows');
      await sleep(20);
    }

    await broker.setResponseDelay(0);
    survivor = await startAccountTestModule(
      {
        routing: ROUTING,
        transport: new KafkaTransport({ brokers: broker.brokers }),
        relay: { pollIntervalMs: 100 },
      },
      { existing: app.database },
    );
    await sleep(300);
    writing = false;
    await writer;

    const committed = await rows();
    const waitUntil = Date.now() + 30_000;
    const seen = () => new Set(recorder!.deliveries.map((d) => d.eventId));
    const unpublished = () =>
      query<{ n: number }>(`select count(*)::int as n from outbox_messages where status <> 'published'`);
    while (Date.now() < waitUntil) {
      const out = seen();
      if (committed.every((row) => out.has(row.id)) && (await unpublished())[0]?.n === 0) break;
      await sleep(100);
    }

    const out = seen();
    expect(committed.filter((row) => !out.has(row.id)).map((row) => row.id)).toEqual([]);
    const final = await rows();
    expect(final.filter((row) => row.status !== 'published' || row.locked_by !== null)).toEqual([]);
    // The rows the dead relay held were published after it died, by the survivor.
    const finalById = new Map(final.map((row) => [row.id, row]));
    for (const id of heldAtKill)
      expect(finalById.get(id)?.published_at).toBeGreaterThanOrEqual(killedAt - 1_000);
    // Duplicates are allowed; first deliveries keep each aggregate's commit order.
    const first = new Map<string, string[]>();
    const counted = new Set<string>();
    for (const { eventId, aggregateId } of recorder!.deliveries) {
      if (counted.has(eventId)) continue;
      counted.add(eventId);
      first.set(aggregateId, [...(first.get(aggregateId) ?? []), eventId]);
    }
    const disordered = ids.filter(
      (id) =>
        JSON.stringify(first.get(id)) !==
        JSON.stringify(final.filter((row) => row.aggregate_id === id).map((row) => row.id)),
    );
    expect(disordered).toEqual([]);
  }, 60_000);
});
