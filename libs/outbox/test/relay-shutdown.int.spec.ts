import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { UnitOfWork } from '@ddd-kit/database';
import { OutboxRelay } from '@ddd-kit/outbox';
import { type DatabaseTestModule } from '@ddd-kit/testing';
import { Account } from './fixture/account.aggregate.js';
import { AccountRepository, startAccountTestModule } from './fixture/account-test-module.js';
import { GatedTransport } from './fixture/gated.transport.js';
import { HELD_ROWS_SQL } from './fixture/held-rows.js';

const BATCH_SIZE = 10;
const EVENTS = 35;

interface Row {
  id: string;
  status: string;
  attempts: number;
  locked_by: string | null;
  locked_until: Date | null;
  published_at: Date | null;
}

/**
 * Shutdown while a batch is in flight: the relay claims nothing new, the batch in flight settles
 * (its rows end published and free, not held until the transaction times out), the batch claimed
 * ahead behind it is given back unsent, rows it never sent stay pending, and stopping waits for
 * all of that.
 */
describe('OutboxRelay graceful shutdown', () => {
  let app: DatabaseTestModule | undefined;
  let moduleClosed = false;
  let transport: GatedTransport;

  beforeEach(async () => {
    transport = new GatedTransport();
    moduleClosed = false;
    // Started by hand below, once the rows are there: a lease long enough never to expire here.
    app = await startAccountTestModule({
      transport,
      relay: { enabled: false, batchSize: BATCH_SIZE, pollIntervalMs: 50, leaseMs: 60_000 },
    });
    const uow = app.module.get(UnitOfWork);
    const accounts = app.module.get(AccountRepository);
    for (let i = 0; i < EVENTS; i++) {
      await uow.run(async () => accounts.add(Account.open(`owner-${i}`)));
    }
  });
  afterEach(async () => {
    transport.open();
    if (moduleClosed) await app?.database.drop();
    else await app?.close();
    app = undefined;
  });

  // Read with a connection of our own: the app's pool is gone once the module is closed.
  const query = async <T extends pg.QueryResultRow>(sql: string): Promise<T[]> => {
    const client = new pg.Client({ connectionString: app!.database.url });
    await client.connect();
    try {
      return (await client.query<T>(sql)).rows;
    } finally {
      await client.end();
    }
  };
  const rows = () =>
    query<Row>(
      'select id, status, attempts, locked_by, locked_until, published_at from outbox_messages order by seq',
    );
  const held = async () => new Set((await query<{ id: string }>(HELD_ROWS_SQL)).map((row) => row.id));

  /**
   * Starts the relay and waits until its first batch is at the (closed) gate and the next batch
   * is claimed behind it (the relay claims ahead while a batch is at the broker).
   */
  const batchInFlight = async (relay: OutboxRelay) => {
    await relay.start();
    const inFlight = await transport.sent;
    expect(inFlight).toHaveLength(BATCH_SIZE);
    const deadline = Date.now() + 5_000;
    while ((await held()).size < 2 * BATCH_SIZE && Date.now() < deadline) await sleep(20);
    // The relay holds the batch and the one claimed ahead, nothing else; it writes no lease.
    const holding = await held();
    expect(holding.size).toBe(2 * BATCH_SIZE);
    expect(inFlight.every((envelope) => holding.has(envelope.id))).toBe(true);
    expect((await rows()).filter((row) => row.locked_by !== null)).toEqual([]);
    return new Set(inFlight.map((envelope) => envelope.id));
  };

  /** Waits a few poll intervals and checks `stopping` is still waiting for the batch. */
  const expectStillSettling = async (stopping: Promise<void>) => {
    let done = false;
    void stopping.then(() => (done = true));
    await sleep(300);
    expect(done).toBe(false);
  };

  const expectSettled = async (inFlight: ReadonlySet<string>) => {
    // Claimed nothing new: had the loop gone on, it would have sent the next full batch.
    expect(transport.batches).toHaveLength(1);
    expect(await held()).toEqual(new Set());
    const all = await rows();
    const settled = all.filter((row) => inFlight.has(row.id));
    const untouched = all.filter((row) => !inFlight.has(row.id));
    expect(settled).toHaveLength(BATCH_SIZE);
    expect(untouched).toHaveLength(EVENTS - BATCH_SIZE);
    for (const row of settled) {
      expect(row).toMatchObject({ status: 'published', attempts: 0, locked_by: null, locked_until: null });
      expect(row.published_at).toBeInstanceOf(Date);
    }
    for (const row of untouched) {
      expect(row).toMatchObject({
        status: 'pending',
        attempts: 0,
        locked_by: null,
        locked_until: null,
        published_at: null,
      });
    }
  };

  it('stop() lets the batch in flight settle, then claims nothing new', async () => {
    const relay = app!.module.get(OutboxRelay);
    const inFlight = await batchInFlight(relay);

    const stopping = relay.stop();
    await expectStillSettling(stopping);
    transport.open();
    await stopping;

    await expectSettled(inFlight);
    // And stays stopped.
    await sleep(200);
    expect(transport.batches).toHaveLength(1);
  });

  it('closing the app settles the batch in flight before the database connection goes', async () => {
    const relay = app!.module.get(OutboxRelay);
    const inFlight = await batchInFlight(relay);

    const closing = app!.module.close();
    moduleClosed = true;
    await expectStillSettling(closing);
    transport.open();
    await closing;

    await expectSettled(inFlight);
  });

  // Regression: a second stop() returned at once while the first still waited for the batch, so
  // stop() followed by closing the app closed the pool under the batch and left its rows leased.
  it('a second stop (the app closing after stop()) also waits for the batch in flight', async () => {
    const relay = app!.module.get(OutboxRelay);
    const inFlight = await batchInFlight(relay);

    void relay.stop();
    const closing = app!.module.close();
    moduleClosed = true;
    await expectStillSettling(closing);
    transport.open();
    await closing;

    await expectSettled(inFlight);
  });
});
