import { UnitOfWork, UnitOfWorkRequiredError } from '@ddd-kit/database';
import { KafkaTransport } from '@ddd-kit/outbox';
import {
  ConsistencyTokenInvalidError,
  ConsistencyTokens,
  ProjectorNotFoundError,
  ProjectorRunner,
  type ProjectorModuleOptions,
} from '@ddd-kit/projector';
import { startKafkaTestBroker, type DatabaseTestModule, type KafkaTestBroker } from '@ddd-kit/testing';
import { startProjectorTestModule, StockItemRepository } from './fixture/projector-test-module.js';
import { levels } from './fixture/read-model.js';
import { StockItem } from './fixture/stock.aggregate.js';

/** The same read-your-writes checks on either source. */
function describeConsistency(
  source: string,
  start: () => Promise<{ app: DatabaseTestModule; stop?: () => Promise<void> }>,
): void {
  describe(`Consistency tokens on the ${source} source`, () => {
    let app: DatabaseTestModule;
    let stop: (() => Promise<void>) | undefined;
    let tokens: ConsistencyTokens;
    let runner: ProjectorRunner;

    /** Registers an item and receives stock in one unit of work; returns its token. */
    async function write(sku: string, quantity: number): Promise<{ id: string; token: string }> {
      const items = app.module.get(StockItemRepository);
      return app.module.get(UnitOfWork).run(async () => {
        // Taken before the writes: the token names the transaction, not a point in it.
        const token = await tokens.capture();
        const item = StockItem.register(sku);
        item.receive(quantity);
        items.add(item);
        return { id: item.id, token };
      });
    }

    beforeAll(async () => {
      ({ app, stop } = await start());
      tokens = app.module.get(ConsistencyTokens);
      runner = app.module.get(ProjectorRunner);
    }, 60_000);
    afterAll(async () => {
      await app?.close();
      await stop?.();
    }, 30_000);

    it('returns true once the projectors have applied the token’s transaction', async () => {
      const { id, token } = await write('RYW', 5);
      expect(token).toMatch(/^v1\.\d+$/);
      expect(await tokens.waitFor(token, { timeoutMs: 10_000 })).toBe(true);
      // Read your write: no polling.
      expect((await levels(app)).get(id)).toMatchObject({ on_hand: 5, last_step: 1 });
      expect(await tokens.waitFor(token, { projectors: ['stock-levels'], timeoutMs: 0 })).toBe(true);
    }, 30_000);

    it('returns false within the timeout while the projectors are stopped, and true after', async () => {
      await runner.stop();
      let token: string;
      try {
        ({ token } = await write('STALE', 3));
        const started = Date.now();
        expect(await tokens.waitFor(token, { timeoutMs: 300 })).toBe(false);
        const waited = Date.now() - started;
        expect(waited).toBeGreaterThanOrEqual(290);
        expect(waited).toBeLessThan(2_000);
      } finally {
        await runner.start();
      }
      expect(await tokens.waitFor(token, { timeoutMs: 30_000 })).toBe(true);
    }, 60_000);

    it('does not wait for a transaction that wrote nothing the projectors handle', async () => {
      const token = await app.module.get(UnitOfWork).run(() => tokens.capture());
      expect(await tokens.waitFor(token, { timeoutMs: 0 })).toBe(true);
    }, 30_000);

    it('captures only inside a unit of work', async () => {
      // Outside one the token would name a transaction of its own, and always look passed.
      await expect(tokens.capture()).rejects.toBeInstanceOf(UnitOfWorkRequiredError);
    }, 30_000);

    it('rejects tokens it did not issue, and unknown projectors', async () => {
      for (const token of [
        '',
        '42',
        'v1.',
        'v1.abc',
        'v1.-1',
        'v2.42',
        'v1.42.1',
        `v1.${'9'.repeat(20)}`,
        `v1.${'9'.repeat(21)}`,
      ])
        await expect(tokens.waitFor(token)).rejects.toBeInstanceOf(ConsistencyTokenInvalidError);
      await expect(tokens.waitFor('v1.42', { projectors: ['nope'] })).rejects.toBeInstanceOf(
        ProjectorNotFoundError,
      );
    }, 30_000);
  });
}

// A long poll interval: the projector must wake on the outbox's NOTIFY, not on luck.
const outboxOptions: ProjectorModuleOptions = { source: 'outbox', pollIntervalMs: 5_000 };
describeConsistency('outbox', async () => ({
  app: await startProjectorTestModule({ projector: outboxOptions }),
}));

describeConsistency('Kafka', async () => {
  const broker: KafkaTestBroker = await startKafkaTestBroker({ topics: { 'test.stock': 3 } });
  try {
    const app = await startProjectorTestModule({
      projector: {
        source: {
          kafka: { brokers: broker.brokers, consumer: { sessionTimeout: 6_000, heartbeatInterval: 500 } },
        },
      },
      outbox: { transport: new KafkaTransport({ brokers: broker.brokers }), relay: { pollIntervalMs: 50 } },
    });
    return { app, stop: () => broker.stop() };
  } catch (error) {
    await broker.stop();
    throw error;
  }
});
