import { MikroORM } from '@mikro-orm/core';
import { PassportContext, UnitOfWork } from '@ddd-kit/database';
import type { DatabaseTestModule } from '@ddd-kit/testing';
import { EventLogEntry } from './fixture/event-log.entity.js';
import { Product } from './fixture/product.entity.js';
import { ProductRepository } from './fixture/product.repository.js';
import { PublishedEventsRecorder } from './fixture/published-events.recorder.js';
import { RecordingSink } from './fixture/recording.sink.js';
import { startProductTestModule } from './fixture/product-test-module.js';

describe('domain-event collection at flush', () => {
  let app: DatabaseTestModule;
  let uow: UnitOfWork;
  let products: ProductRepository;
  let sink: RecordingSink;
  let published: PublishedEventsRecorder;
  let passport: PassportContext;

  beforeAll(async () => {
    app = await startProductTestModule();
    uow = app.module.get(UnitOfWork);
    products = app.module.get(ProductRepository);
    sink = app.module.get(RecordingSink);
    published = app.module.get(PublishedEventsRecorder);
    passport = app.module.get(PassportContext);
  });
  afterAll(() => app.close());
  beforeEach(() => {
    sink.batches.length = 0;
    published.received.length = 0;
  });

  const loggedFor = (aggregateId: string) =>
    app.orm.em.fork().find(EventLogEntry, { aggregateId }, { orderBy: { eventId: 'asc' } });
  const createProduct = (code: string) =>
    uow.run(async () => {
      const product = Product.create(code, `Product ${code}`);
      products.add(product);
      return product.id;
    });

  it('writes a new aggregate and its event rows in one flush, then publishes after commit', async () => {
    const id = await createProduct('NEW-1');
    expect((await loggedFor(id)).map((row) => row.type)).toEqual(['test.catalog.product-created']);
    expect(published.received.map((event) => [event.type, event.aggregateType, event.aggregateId])).toEqual([
      ['test.catalog.product-created', 'test.product', id],
    ]);
  });

  it('collects an event recorded by an aggregate loaded from the database', async () => {
    const id = await createProduct('LOADED-1');
    await uow.run(async () => (await products.get(id)).rename('Renamed'));
    expect((await loggedFor(id)).map((row) => row.type)).toEqual([
      'test.catalog.product-created',
      'test.catalog.product-renamed',
    ]);
  });

  it('collects an event from an aggregate that changed no column', async () => {
    const id = await createProduct('UNCHANGED-1');
    const versionBefore = (await app.orm.em.fork().findOneOrFail(Product, id)).version;
    await uow.run(async () => (await products.get(id)).feature());
    expect((await loggedFor(id)).map((row) => row.type)).toContain('test.catalog.product-featured');
    expect(published.received.map((event) => event.type)).toContain('test.catalog.product-featured');
    // Only the event was written: the aggregate row itself was not touched.
    expect((await app.orm.em.fork().findOneOrFail(Product, id)).version).toBe(versionBefore);
  });

  it('yields each event once across repeated flushes in one transaction', async () => {
    const id = await uow.run(async () => {
      const product = Product.create('FLUSH-1', 'Flushed');
      products.add(product);
      await app.orm.em.flush();
      product.rename('Flushed again');
      await app.orm.em.flush();
      await app.orm.em.flush();
      return product.id;
    });
    const types = (await loggedFor(id)).map((row) => row.type);
    expect(types).toEqual(['test.catalog.product-created', 'test.catalog.product-renamed']);
    expect(sink.batches.flat()).toHaveLength(2);
    expect(published.received).toHaveLength(2);
  });

  it('publishes nothing and keeps no event row when the unit of work rolls back', async () => {
    let id = '';
    await expect(
      uow.run(async () => {
        const product = Product.create('ROLLBACK-1', 'Never');
        products.add(product);
        id = product.id;
        await app.orm.em.flush();
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(sink.batches.flat()).toHaveLength(1); // the sink ran inside the flush...
    expect(await loggedFor(id)).toEqual([]); // ...but its rows rolled back with the business row
    expect(await app.orm.em.fork().findOne(Product, id)).toBeNull();
    expect(published.received).toEqual([]);
  });

  it('stamps events with the passport and keeps record order across aggregates', async () => {
    const ids = await passport.run({ actorId: 'alice', correlationId: 'corr-1', tenantId: 't1' }, () =>
      uow.run(async () => {
        const a = Product.create('ORDER-A', 'A');
        const b = Product.create('ORDER-B', 'B');
        products.add(b);
        products.add(a);
        a.rename('A2');
        return [a.id, b.id];
      }),
    );
    const events = sink.batches.flat();
    expect(events.map((event) => event.aggregateId)).toEqual([ids[0], ids[1], ids[0]]);
    for (const event of events) {
      expect(event.metadata).toEqual({ actorId: 'alice', correlationId: 'corr-1', tenantId: 't1' });
      expect(Object.isFrozen(event)).toBe(true);
    }
    expect(new Set(events.map((event) => event.eventId)).size).toBe(3);
  });

  it('publishes a separate fork flushed inside a unit of work even when that unit of work rolls back', async () => {
    const separate = Product.create('FORK-1', 'Committed on its own');
    await expect(
      uow.run(async () => {
        products.add(Product.create('FORK-2', 'Rolled back'));
        const fork = app.orm.em.fork();
        fork.persist(separate);
        await fork.flush(); // its own implicit transaction, committed now
        throw new Error('outer unit of work fails');
      }),
    ).rejects.toThrow('outer unit of work fails');
    expect(published.received.map((event) => event.aggregateId)).toEqual([separate.id]);
    expect((await loggedFor(separate.id)).map((row) => row.type)).toEqual(['test.catalog.product-created']);
  });

  it('publishes after the flush when code flushes outside a unit of work', async () => {
    const em = app.module.get(MikroORM).em.fork();
    const product = Product.create('IMPLICIT-1', 'Implicit');
    em.persist(product);
    await em.flush();
    expect((await loggedFor(product.id)).map((row) => row.type)).toEqual(['test.catalog.product-created']);
    expect(published.received.map((event) => event.aggregateId)).toEqual([product.id]);
  });
});
