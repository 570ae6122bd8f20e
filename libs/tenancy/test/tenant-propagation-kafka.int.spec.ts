import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel } from 'kafkajs';
import { UnitOfWork } from '@ddd-kit/database';
import { envelopeOfMessage, KafkaTransport } from '@ddd-kit/outbox';
import { TenantContext } from '@ddd-kit/tenancy';
import { startKafkaTestBroker, type DatabaseTestModule, type KafkaTestBroker } from '@ddd-kit/testing';
import { startWarehouseTestModule, TENANTS } from './fixture/warehouse-test-module.js';
import { Warehouse } from './fixture/warehouse.aggregate.js';
import { WarehouseRepository } from './fixture/warehouse.repository.js';

/** What the consumer's handler saw, under the passport restored from the message. */
interface Handled {
  readonly headerTenant: string | undefined;
  readonly contextTenant: string | undefined;
  readonly causationId: string | undefined;
  readonly eventId: string;
  /** Tenants of the rows the handler could read. */
  readonly visibleTenants: string[];
}

describe('Tenant propagation through the outbox and Kafka', () => {
  let broker: KafkaTestBroker;
  let app: DatabaseTestModule;
  let stopConsumer: () => Promise<void>;
  const handled: Handled[] = [];

  beforeAll(async () => {
    broker = await startKafkaTestBroker({ topics: { 'test.warehouse': 3 } });
    app = await startWarehouseTestModule({
      outbox: { transport: new KafkaTransport({ brokers: broker.brokers }) },
    });
    const tenants = app.module.get(TenantContext);
    const uow = app.module.get(UnitOfWork);
    const warehouses = app.module.get(WarehouseRepository);

    const consumer = new Kafka({ brokers: broker.brokers, logLevel: logLevel.NOTHING }).consumer({
      groupId: 'tenancy-test',
      maxWaitTimeInMs: 100,
    });
    await consumer.connect();
    await consumer.subscribe({ topic: 'test.warehouse', fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const envelope = envelopeOfMessage(message.headers ?? {}, message.value ?? Buffer.from('null'));
        // The consumer's handler: runs in the producing tenant, and reads tenant data there.
        await tenants.runForEvent(envelope, () =>
          uow.run(async () => {
            const visible = await warehouses.find();
            handled.push({
              headerTenant: message.headers?.['tenant-id']?.toString(),
              contextTenant: tenants.tenantId(),
              causationId: tenants.currentPassport().causationId,
              eventId: envelope.eventId,
              visibleTenants: [...new Set(visible.map((w) => w.tenantId))],
            });
          }),
        );
      },
    });
    stopConsumer = () => consumer.disconnect();
  }, 30_000);
  afterAll(async () => {
    await stopConsumer?.();
    await app?.close();
    await broker?.stop();
  });

  it("gives each consumer handler the producing tenant's context", async () => {
    const tenants = app.module.get(TenantContext);
    const uow = app.module.get(UnitOfWork);
    const warehouses = app.module.get(WarehouseRepository);
    for (const tenant of TENANTS) {
      await tenants.runForTenant(tenant, () =>
        uow.run(async () => {
          for (const code of ['K1', 'K2']) warehouses.add(Warehouse.open(code));
        }),
      );
    }

    const deadline = Date.now() + 20_000;
    while (handled.length < 6 && Date.now() < deadline) await sleep(50);

    expect(handled).toHaveLength(6);
    for (const event of handled) {
      expect(event.headerTenant).toBeDefined();
      expect(event.contextTenant).toBe(event.headerTenant);
      expect(event.visibleTenants).toEqual([event.headerTenant]);
      expect(event.causationId).toBe(event.eventId);
    }
    expect(handled.map((event) => event.headerTenant).sort()).toEqual([...TENANTS, ...TENANTS].sort());
  });
});
