import { setTimeout as sleep } from 'node:timers/promises';
import { UnitOfWork } from '@ddd-kit/database';
import {
  OutboxMessage,
  OutboxRelay,
  OutboxStatus,
  OutboxTransport,
  type DeliveryResult,
  type OutboxEnvelope,
} from '@ddd-kit/outbox';
import type { DatabaseTestModule } from '@ddd-kit/testing';
import { Account } from './fixture/account.aggregate.js';
import { AccountRepository, startAccountTestModule } from './fixture/account-test-module.js';
import { HELD_ROWS_SQL } from './fixture/held-rows.js';

const BATCH_SIZE = 3;

/**
 * Holds the first batch at a gate the test opens, and fails the first send of one aggregate's
 * rows (the relay counts an attempt for the first, and releases the rows behind it). Records
 * every send.
 */
class FirstSendFailsTransport extends OutboxTransport {
  readonly batches: OutboxEnvelope[][] = [];
  /** Every envelope handed over, in order, with whether it was confirmed. */
  readonly sends: { id: string; aggregateId: string; ok: boolean }[] = [];
  failLane: string | undefined;
  private failedOnce = false;
  private release!: () => void;
  private readonly gate = new Promise<void>((resolve) => (this.release = resolve));

  open(): void {
    this.release();
  }

  async publish(batch: readonly OutboxEnvelope[]): Promise<DeliveryResult[]> {
    this.batches.push([...batch]);
    if (this.batches.length === 1) await this.gate;
    const failing = !this.failedOnce && batch.some((m) => m.aggregateId === this.failLane);
    if (failing) this.failedOnce = true;
    return batch.map((message) => {
      const ok = !(failing && message.aggregateId === this.failLane);
      this.sends.push({ id: message.id, aggregateId: message.aggregateId, ok });
      return ok
        ? { ok: true as const, receipt: { partition: 0, offset: String(this.sends.length) } }
        : { ok: false as const, error: new Error(`broker refused ${message.aggregateId}`) };
    });
  }
}

/**
 * The background relay claims batch n+1 while batch n is at the broker. A failure in batch n must
 * still hold back the rest of its lane: the batch claimed ahead may not hold a later row of that
 * lane, and neither may any batch after it, until the failed row is through (or dead).
 */
describe('OutboxRelay pipelining', () => {
  let app: DatabaseTestModule | undefined;

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it.each([
    { outcome: 'retry', maxAttempts: 3 },
    { outcome: 'dead', maxAttempts: 1 },
  ])(
    'a failure in the batch at the broker holds back its lane in the batch claimed ahead ($outcome)',
    async ({ outcome, maxAttempts }) => {
      const transport = new FirstSendFailsTransport();
      app = await startAccountTestModule({
        transport,
        relay: {
          enabled: false,
          batchSize: BATCH_SIZE,
          pollIntervalMs: 50,
          leaseMs: 60_000,
          maxAttempts,
          backoffBaseMs: 200,
          backoffMaxMs: 200,
        },
      });
      const uow = app.module.get(UnitOfWork);
      const accounts = app.module.get(AccountRepository);
      const open = (owner: string) =>
        uow.run(async () => {
          const account = Account.open(owner);
          accounts.add(account);
          return account.id;
        });
      const deposit = (id: string, amount: number) =>
        uow.run(async () => (await accounts.get(id)).deposit(amount));

      // In seq order: a1 a2 b1 | a3 c1 d1 e1. Batch 1 is [a1, a2, b1]; a1 fails and a2 is
      // released behind it. The batch claimed meanwhile must skip a3 and be [c1, d1, e1].
      const a = await open('a');
      await deposit(a, 2);
      const b = await open('b');
      await deposit(a, 3);
      const others = [await open('c'), await open('d'), await open('e')];
      transport.failLane = a;
      const lane = (await rows(app)).filter((row) => row.aggregateId === a).map((row) => row.id);
      expect(lane).toHaveLength(3);

      const relay = app.module.get(OutboxRelay);
      await relay.start();
      // Batch 1 is at the gate; wait for the batch claimed behind it.
      const held = async () =>
        ((await app!.orm.em.getConnection().execute(HELD_ROWS_SQL)) as { id: string }[]).map((row) => row.id);
      const deadline = Date.now() + 5_000;
      while ((await held()).length < 2 * BATCH_SIZE) {
        if (Date.now() > deadline) throw new Error('the relay did not claim ahead');
        await sleep(20);
      }
      const heldIds = new Set(await held());
      const claimedAhead = (await rows(app)).filter(
        (row) => heldIds.has(row.id) && !transport.batches[0]!.some((m) => m.id === row.id),
      );
      expect(claimedAhead.map((row) => row.aggregateId)).toEqual(others);
      transport.open();

      const settled = async () => {
        const all = await rows(app!);
        return outcome === 'retry'
          ? all.every((row) => row.status === OutboxStatus.Published)
          : all.every((row) => row.lockedBy === null) &&
              all
                .filter((row) => row.aggregateId !== a)
                .every((row) => row.status === OutboxStatus.Published);
      };
      const until = Date.now() + 10_000;
      while (!(await settled())) {
        if (Date.now() > until) throw new Error('the relay did not settle');
        await sleep(50);
      }
      if (outcome === 'dead') await sleep(300); // time enough for a wrongly unblocked lane to leave
      await relay.stop();

      expect(transport.batches[0]!.map((m) => m.aggregateId)).toEqual([a, a, b]);
      expect(transport.batches[1]!.map((m) => m.aggregateId)).toEqual(others);
      // Lane a at the broker: the failed send, then nothing of it until the head is through.
      const laneSends = transport.sends.filter((send) => send.aggregateId === a);
      const failed = [
        { id: lane[0], aggregateId: a, ok: false },
        { id: lane[1], aggregateId: a, ok: false },
      ];
      if (outcome === 'retry') {
        expect(laneSends).toEqual([
          ...failed,
          { id: lane[0], aggregateId: a, ok: true },
          { id: lane[1], aggregateId: a, ok: true },
          { id: lane[2], aggregateId: a, ok: true },
        ]);
      } else {
        expect(laneSends).toEqual(failed);
        expect((await rows(app)).filter((row) => row.aggregateId === a).map((row) => row.status)).toEqual([
          OutboxStatus.Dead,
          OutboxStatus.Pending,
          OutboxStatus.Pending,
        ]);
      }
    },
    20_000,
  );
});

function rows(app: DatabaseTestModule): Promise<OutboxMessage[]> {
  return app.orm.em.fork().find(OutboxMessage, {}, { orderBy: { seq: 'asc' } });
}
