import { MikroORM } from '@mikro-orm/core';
import { UnitOfWork } from '@ddd-kit/database';
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

  beforeAll(async () => {
    app = await startProductTestModule();
    uow = app.module.get(UnitOfWork);
    products = app.module.get(ProductRepository);
    sink = app.module.get(RecordingSink);
    published = app.module.get(PublishedEventsRecorder);
  });
  afterAll(() => app.close());
  beforeEach(() => {
    sink.batches.length = 0;
    published.received.length = 0;
  });

  const logged = () => app.orm.em.fork().find(EventLogEntry, {}, { orderBy: { eventId: 'asc' } });

  it('writes a new aggregate and its event rows in one transaction, then publishes after commit', async () => {
    const id = await uow.run(async () => {
      const product = Product.create('P-1', 'Pencil');
      products.add(product);
      return product.id;
    });
    const rows = await logged();
    expect(rows.map((r) => [r.type, r.aggregateId])).toEqual([['test.catalog.product-created', id]]);
    expect(published.received.map((e) => e.type)).toEqual(['test.catalog.product-created']);
    expect(published.received[0]?.aggregateType).toBe('test.product');
  });
});
