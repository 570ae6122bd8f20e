import { ConcurrencyConflictError, InfrastructureUnavailableError } from '@ddd-kit/core';
import { DatabaseContext, UnitOfWork, UnitOfWorkRequiredError } from '@ddd-kit/database';
import type { DatabaseTestModule } from '@ddd-kit/testing';
import { Product } from './fixture/product.entity.js';
import { ProductRepository } from './fixture/product.repository.js';
import { ProductService } from './fixture/product.service.js';
import { PublishedEventsRecorder } from './fixture/published-events.recorder.js';
import { startProductTestModule } from './fixture/product-test-module.js';

describe('UnitOfWork and @Transactional', () => {
  let app: DatabaseTestModule;
  let uow: UnitOfWork;
  let products: ProductRepository;
  let service: ProductService;

  beforeAll(async () => {
    app = await startProductTestModule();
    uow = app.module.get(UnitOfWork);
    products = app.module.get(ProductRepository);
    service = app.module.get(ProductService);
  });
  afterAll(() => app.close());

  const createProduct = (code: string) => service.create(code, `Product ${code}`);
  const read = (id: string) => app.orm.em.fork().findOneOrFail(Product, id);

  it('commits a @Transactional method when it resolves', async () => {
    const id = await createProduct('TX-1');
    expect((await read(id)).code).toBe('TX-1');
  });

  it('runs nested @Transactional calls in one transaction', async () => {
    const [outer, inner] = await service.transactionIds();
    expect(inner).toBe(outer);
  });

  it('rolls back the nested work too when the outer method throws', async () => {
    await expect(service.createTwoThenFail('NEST-A', 'NEST-B')).rejects.toThrow('boom after both creates');
    const found = await app.orm.em.fork().find(Product, { code: { $in: ['NEST-A', 'NEST-B'] } });
    expect(found).toEqual([]);
  });

  it('lets exactly one of two concurrent updates of the same version win', async () => {
    const id = await createProduct('RACE-1');
    let arrived = 0;
    let release!: () => void;
    const bothLoaded = new Promise<void>((resolve) => (release = resolve));
    const rename = (name: string) =>
      uow.run(async () => {
        const product = await products.get(id);
        if (++arrived === 2) release();
        await bothLoaded; // both have read version 1 before either writes
        product.rename(name);
      });

    const results = await Promise.allSettled([rename('left'), rename('right')]);
    const fulfilled = results.filter((result) => result.status === 'fulfilled');
    const rejected = results.filter(
      (result): result is PromiseRejectedResult => result.status === 'rejected',
    );
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.reason).toBeInstanceOf(ConcurrencyConflictError);
    expect((rejected[0]?.reason as ConcurrencyConflictError).code).toBe('CONCURRENCY_CONFLICT');
    expect((await read(id)).version).toBe(2);
  });

  it('retries the whole unit of work on a conflict when asked to', async () => {
    const id = await createProduct('RETRY-1');
    let attempts = 0;
    await uow.run(
      async () => {
        attempts++;
        const product = await products.get(id);
        if (attempts === 1) {
          // Someone else commits in between our read and our write.
          await app.orm.em
            .fork()
            .nativeUpdate(Product, { id }, { name: 'sneaky', version: product.version + 1 });
        }
        product.rename(`attempt ${attempts}`);
      },
      { retryOnConflict: 2 },
    );
    expect(attempts).toBe(2);
    expect((await read(id)).name).toBe('attempt 2');
  });

  it('does not retry by default', async () => {
    const id = await createProduct('NORETRY-1');
    let attempts = 0;
    const conflicting = uow.run(async () => {
      attempts++;
      const product = await products.get(id);
      await app.orm.em.fork().nativeUpdate(Product, { id }, { version: product.version + 1 });
      product.rename('late');
    });
    await expect(conflicting).rejects.toBeInstanceOf(ConcurrencyConflictError);
    expect(attempts).toBe(1);
  });

  it('publishes nothing in-process for a rolled-back unit of work', async () => {
    const published = app.module.get(PublishedEventsRecorder);
    published.received.length = 0;
    await expect(service.createTwoThenFail('PUB-A', 'PUB-B')).rejects.toThrow();
    expect(published.received).toEqual([]);
  });

  it('gives work outside HTTP an explicit database context of its own', async () => {
    const id = await createProduct('CTX-1');
    // Without a context MikroORM refuses to use the global identity map...
    await expect(products.get(id)).rejects.toThrow(/global EntityManager/);
    // ...and a DatabaseContext (for jobs, consumers, cron) provides one.
    const context = app.module.get(DatabaseContext);
    expect(context.isActive).toBe(false);
    const code = await context.run(async () => {
      expect(context.isActive).toBe(true);
      return (await products.get(id)).code;
    });
    expect(code).toBe('CTX-1');
  });

  it('joins a transaction opened directly on the EntityManager as a savepoint', async () => {
    const [outer, inner] = await app.orm.em.fork().transactional(async () => {
      const outerId = await products.transactionId();
      const innerId = await uow.run(() => products.transactionId());
      return [outerId, innerId];
    });
    expect(inner).toBe(outer);
  });

  it('runs each attempt on a clean fork of its own, separate from the database context', async () => {
    const id = await createProduct('FORK-1');
    const context = app.module.get(DatabaseContext);
    const seen: boolean[] = [];
    let attempts = 0;
    await context.run(async () => {
      const outside = await products.get(id);
      await uow.run(
        async () => {
          attempts++;
          const inside = await products.get(id);
          seen.push(inside === outside);
          if (attempts === 1) {
            await app.orm.em.fork().nativeUpdate(Product, { id }, { version: inside.version + 1 });
          }
          inside.rename(`fork attempt ${attempts}`);
        },
        { retryOnConflict: 1 },
      );
    });
    expect(attempts).toBe(2);
    expect(seen).toEqual([false, false]);
    expect((await read(id)).name).toBe('fork attempt 2');
  });

  it('refuses writes outside a unit of work', () => {
    expect(() => products.add(Product.create('OUTSIDE-1', 'Outside'))).toThrow(UnitOfWorkRequiredError);
  });

  it('turns a lost connection into InfrastructureUnavailableError and commits nothing', async () => {
    const attempt = uow.run(async () => {
      products.add(Product.create('LOST-1', 'Lost'));
      await app.orm.em.flush();
      await app.orm.em
        .getConnection()
        .execute(
          'select pg_terminate_backend(pg_backend_pid())',
          [],
          'all',
          app.orm.em.getTransactionContext(),
        );
    });
    await expect(attempt).rejects.toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
    await expect(attempt).rejects.toBeInstanceOf(InfrastructureUnavailableError);
    expect(await app.orm.em.fork().findOne(Product, { code: 'LOST-1' })).toBeNull();
    // The pool recovers: the next unit of work succeeds.
    expect(await createProduct('AFTER-LOST-1')).toEqual(expect.any(String));
  });
});
