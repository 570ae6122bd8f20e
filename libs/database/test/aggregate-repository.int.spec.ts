import { ConflictError, NotFoundError, PageRequest, Specification, ValidationError } from '@ddd-kit/core';
import { PassportContext, UnitOfWork } from '@ddd-kit/database';
import type { DatabaseTestModule } from '@ddd-kit/testing';
import { Product } from './fixture/product.entity.js';
import { ProductRepository } from './fixture/product.repository.js';
import { startProductTestModule } from './fixture/product-test-module.js';

describe('AggregateRepository', () => {
  let app: DatabaseTestModule;
  let uow: UnitOfWork;
  let products: ProductRepository;
  let passport: PassportContext;
  const queries: string[] = [];

  beforeAll(async () => {
    app = await startProductTestModule({ onQuery: (sql) => queries.push(sql) });
    uow = app.module.get(UnitOfWork);
    products = app.module.get(ProductRepository);
    passport = app.module.get(PassportContext);
  });
  afterAll(() => app.close());

  const seed = (...rows: [code: string, price: number, category: string][]) =>
    uow.run(async () => {
      const created = rows.map(([code, price, category]) =>
        Product.create(code, `Name ${code}`, price, category),
      );
      for (const product of created) products.add(product);
      return created.map((product) => product.id);
    });
  const rawRow = async (id: string): Promise<Record<string, unknown> | undefined> => {
    const result: unknown = await app.orm.em
      .getConnection()
      .execute('select * from products where id = ?', [id]);
    const rows = result as Record<string, unknown>[];
    return rows[0];
  };

  describe('soft delete', () => {
    it('hides a removed aggregate from get and find but keeps its row, marked', async () => {
      const [id] = await seed(['SOFT-1', 10, 'soft']);
      await passport.run({ actorId: 'remover' }, () =>
        uow.run(async () => products.remove(await products.get(id!))),
      );

      await uow.run(async () => {
        await expect(products.get(id!)).rejects.toBeInstanceOf(NotFoundError);
        expect(await products.find(Specification.where({ category: 'soft' }, () => true))).toEqual([]);
        expect(await products.exists(id!)).toBe(false);
        expect((await products.get(id!, { withDeleted: true })).deletedBy).toBe('remover');
      });
      const row = await rawRow(id!);
      expect(row?.['deleted_at']).not.toBeNull();
      expect(row?.['deleted_by']).toBe('remover');
    });

    it('soft-deletes many aggregates with a single UPDATE', async () => {
      const ids = await seed(['BULK-1', 1, 'bulk'], ['BULK-2', 2, 'bulk'], ['KEEP-1', 3, 'keep']);
      queries.length = 0;
      const marked = await uow.run(() => products.discontinueCategory('bulk'));
      expect(marked).toBe(2);
      expect(queries.filter((sql) => /\bupdate\b/i.test(sql))).toHaveLength(1);
      await uow.run(async () => {
        expect(await products.exists(ids[0]!)).toBe(false);
        expect(await products.exists(ids[2]!)).toBe(true);
      });
    });
  });

  describe('specifications', () => {
    const cheap = Specification.where<Product>({ price: { $lt: 50 } }, (p) => p.price < 50);
    const tools = Specification.where<Product>({ category: 'tools' }, (p) => p.category === 'tools');
    const premium = Specification.where<Product>({ price: { $gte: 200 } }, (p) => p.price >= 200);
    const specs: [string, Specification<Product>][] = [
      ['cheap', cheap],
      ['cheap and tools', cheap.and(tools)],
      ['cheap or premium', cheap.or(premium)],
      ['not tools', tools.not()],
      ['not (cheap or premium) and tools', cheap.or(premium).not().and(tools)],
      ['(tools and not cheap) or premium', tools.and(cheap.not()).or(premium)],
    ];
    const inSpecCategory = Specification.where<Product>({ category: { $in: ['tools', 'garden'] } }, (p) =>
      ['tools', 'garden'].includes(p.category),
    );

    beforeAll(() =>
      seed(
        ['S-1', 10, 'tools'],
        ['S-2', 49, 'garden'],
        ['S-3', 50, 'tools'],
        ['S-4', 199, 'garden'],
        ['S-5', 200, 'tools'],
        ['S-6', 999, 'garden'],
      ),
    );

    it.each(specs)('%s: the SQL result equals the in-memory result', async (_name, spec) =>
      uow.run(async () => {
        const all = await products.find(inSpecCategory);
        const inMemory = all
          .filter((p) => spec.isSatisfiedBy(p))
          .map((p) => p.code)
          .sort();
        const fromSql = (await products.find(inSpecCategory.and(spec))).map((p) => p.code).sort();
        expect(fromSql).toEqual(inMemory);
        expect(fromSql.length).toBeGreaterThan(0);
      }),
    );
  });

  describe('paging', () => {
    beforeAll(() =>
      seed(...Array.from({ length: 7 }, (_, i) => [`PG-${i}`, 700 + i, 'paged'] as [string, number, string])),
    );
    const paged = Specification.where<Product>({ category: 'paged' }, (p) => p.category === 'paged');

    it('returns a sorted page with the total across pages', () =>
      uow.run(async () => {
        const page = await products.findPage(
          paged,
          PageRequest.of({ page: 2, size: 3, sort: '-price' }, ['price']),
        );
        expect(page.items.map((p) => p.price)).toEqual([703, 702, 701]);
        expect(page).toMatchObject({ total: 7, page: 2, size: 3, pages: 3 });
        const last = await products.findPage(
          paged,
          PageRequest.of({ page: 3, size: 3, sort: 'price' }, ['price']),
        );
        expect(last.items.map((p) => p.price)).toEqual([706]);
        expect(last.total).toBe(7);
        const beyond = await products.findPage(paged, PageRequest.of({ page: 9, size: 3 }));
        expect(beyond).toMatchObject({ items: [], total: 7 });
      }));

    it('rejects a sort field outside the whitelist before any SQL runs', async () => {
      const request = PageRequest.of({ sort: 'category' }, ['category']); // allowed by the caller, not by the repository
      queries.length = 0;
      const attempt = uow.run(() => products.findPage(paged, request));
      await expect(attempt).rejects.toBeInstanceOf(ValidationError);
      await expect(attempt).rejects.toMatchObject({
        code: 'SORT_FIELD_NOT_ALLOWED',
        params: { field: 'category' },
      });
      expect(queries.filter((sql) => /\bselect\b/i.test(sql))).toEqual([]);
      // The same call with an allowed sort does reach the database, so the log is really listening.
      await uow.run(() => products.findPage(paged, PageRequest.of({ sort: 'price' }, ['price'])));
      expect(queries.filter((sql) => /\bselect\b/i.test(sql))).not.toEqual([]);
    });
  });

  describe('writes', () => {
    it('maps a unique violation to ConflictError with the configured code and the field', async () => {
      await seed(['UNIQUE-1', 1, 'u']);
      const attempt = seed(['UNIQUE-1', 2, 'u']);
      await expect(attempt).rejects.toBeInstanceOf(ConflictError);
      await expect(attempt).rejects.toMatchObject({
        code: 'PRODUCT_CODE_TAKEN',
        params: { constraint: 'products_code_unique', fields: ['code'] },
      });
    });

    it('fills audit fields from the passport actor on insert and update', async () => {
      const [id] = await passport.run({ actorId: 'creator' }, () => seed(['AUDIT-1', 1, 'audit']));
      const created = await app.orm.em.fork().findOneOrFail(Product, id!);
      expect(created).toMatchObject({ createdBy: 'creator', updatedBy: 'creator', version: 1 });
      expect(created.createdAt).toBeInstanceOf(Date);

      await passport.run({ actorId: 'editor' }, () =>
        uow.run(async () => (await products.get(id!)).rename('Edited')),
      );
      const updated = await app.orm.em.fork().findOneOrFail(Product, id!);
      expect(updated).toMatchObject({ createdBy: 'creator', updatedBy: 'editor', version: 2 });
      expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(created.updatedAt.getTime());
      expect(updated.createdAt.getTime()).toBe(created.createdAt.getTime());
    });

    it('get raises NotFoundError naming the aggregate type', () =>
      uow.run(async () => {
        await expect(products.get('01890000-0000-7000-8000-000000000000')).rejects.toMatchObject({
          code: 'NOT_FOUND',
          params: { entity: 'test.product', id: '01890000-0000-7000-8000-000000000000' },
        });
      }));
  });

  describe('getForUpdate', () => {
    it('locks the row: another transaction with skipLocked gets null, and waits without it', async () => {
      const [id] = await seed(['LOCK-1', 1, 'lock']);
      let releaseLock!: () => void;
      const held = new Promise<void>((resolve) => (releaseLock = resolve));
      let locked!: () => void;
      const lockTaken = new Promise<void>((resolve) => (locked = resolve));
      const holder = uow.run(async () => {
        await products.getForUpdate(id!);
        locked();
        await held;
      });
      await lockTaken;
      const skipped = await uow.run(() => products.getForUpdate(id!, { skipLocked: true }));
      expect(skipped).toBeNull();
      let waiterDone = false;
      const waiter = uow.run(async () => {
        const product = await products.getForUpdate(id!);
        waiterDone = true;
        return product.code;
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(waiterDone).toBe(false);
      releaseLock();
      await holder;
      expect(await waiter).toBe('LOCK-1');
    });
  });
});
