import { NotFoundError, PageRequest, Specification } from '@ddd-kit/core';
import { UnitOfWork } from '@ddd-kit/database';
import { OutboxMessage } from '@ddd-kit/outbox';
import { TenantContext, TenantContextMissingError, TenantMismatchError } from '@ddd-kit/tenancy';
import type { DatabaseTestModule } from '@ddd-kit/testing';
import { Bin, Warehouse } from './fixture/warehouse.aggregate.js';
import { WarehouseRepository } from './fixture/warehouse.repository.js';
import { startWarehouseTestModule, TENANTS } from './fixture/warehouse-test-module.js';

describe('Row-level tenant isolation', () => {
  let app: DatabaseTestModule;
  let uow: UnitOfWork;
  let warehouses: WarehouseRepository;
  let tenants: TenantContext;
  /** Warehouse ids by tenant and code. */
  const ids = new Map<string, string>();
  const idOf = (tenant: string, code: string) => ids.get(`${tenant}/${code}`)!;

  beforeAll(async () => {
    app = await startWarehouseTestModule();
    uow = app.module.get(UnitOfWork);
    warehouses = app.module.get(WarehouseRepository);
    tenants = app.module.get(TenantContext);
    // Each tenant: W1..W3 with two bins each (same codes in every tenant), W3 soft-deleted.
    for (const tenant of TENANTS) {
      await tenants.runForTenant(tenant, () =>
        uow.run(async () => {
          for (const code of ['W1', 'W2', 'W3']) {
            const warehouse = Warehouse.open(code, [`${tenant}-${code}-a`, `${tenant}-${code}-b`]);
            warehouses.add(warehouse);
            ids.set(`${tenant}/${code}`, warehouse.id);
          }
        }),
      );
      await tenants.runForTenant(tenant, () =>
        uow.run(async () => warehouses.remove(await warehouses.get(idOf(tenant, 'W3')))),
      );
    }
  });
  afterAll(() => app.close());

  const asTenant = <T>(tenant: string, fn: () => Promise<T>) =>
    tenants.runForTenant(tenant, () => uow.run(fn));
  const systemCount = (code: string) =>
    tenants.runAsSystem(() => uow.run(() => warehouses.count(warehouses.byCode(code))));
  const allIds = (tenant: string) => ['W1', 'W2', 'W3'].map((code) => idOf(tenant, code));

  describe('reads', () => {
    it.each(TENANTS)('find, count and page totals of %s hold only its own live rows', async (tenant) => {
      await asTenant(tenant, async () => {
        const found = await warehouses.find();
        expect(found.map((w) => w.id).sort()).toEqual([idOf(tenant, 'W1'), idOf(tenant, 'W2')].sort());
        expect(found.every((w) => w.tenantId === tenant)).toBe(true);
        expect(await warehouses.count()).toBe(2);
        const page = await warehouses.findPage(
          Specification.all(),
          PageRequest.of({ page: 1, size: 1 }, ['code']),
        );
        expect(page.total).toBe(2);
        expect(page.items.map((w) => w.tenantId)).toEqual([tenant]);
      });
    });

    it('specifications match only within the tenant, though every tenant has the same codes', async () => {
      await asTenant('globex', async () => {
        const found = await warehouses.find(warehouses.byCode('W1'));
        expect(found.map((w) => w.id)).toEqual([idOf('globex', 'W1')]);
        expect(await warehouses.exists(warehouses.byCode('W1'))).toBe(true);
      });
    });

    it('soft-deleted rows come back with withDeleted, still only the tenant’s own', async () => {
      await asTenant('initech', async () => {
        const found = await warehouses.find(Specification.all(), { withDeleted: true });
        expect(found.map((w) => w.id).sort()).toEqual(allIds('initech').sort());
      });
    });

    it.each(['joined', 'select-in'] as const)(
      'populating a relation (%s) never brings another tenant’s child rows',
      async (strategy) => {
        // A bin of globex hung on an acme warehouse: only system work can make such a row.
        await tenants.runAsSystem(() =>
          uow.run(async () => {
            const foreign = new Bin(await warehouses.get(idOf('acme', 'W1')), 'globex-intruder');
            Object.assign(foreign, { tenantId: 'globex' });
            app.orm.em.persist(foreign);
          }),
        );
        await asTenant('acme', async () => {
          const warehouse = await warehouses.withBins(idOf('acme', 'W1'), strategy);
          expect(
            warehouse?.bins
              .getItems()
              .map((bin) => bin.label)
              .sort(),
          ).toEqual(['acme-W1-a', 'acme-W1-b']);
        });
      },
    );

    it('an id guessed from another tenant is not found, on every read path', async () => {
      const foreign = idOf('globex', 'W1');
      await asTenant('acme', async () => {
        await expect(warehouses.get(foreign)).rejects.toBeInstanceOf(NotFoundError);
        await expect(warehouses.get(foreign, { withDeleted: true })).rejects.toBeInstanceOf(NotFoundError);
        expect(await warehouses.exists(foreign)).toBe(false);
        expect(await warehouses.getForUpdate(foreign, { skipLocked: true })).toBeNull();
        expect(await warehouses.withBins(foreign, 'joined')).toBeNull();
      });
    });
  });

  describe('writes', () => {
    it('stamps new rows, and their outbox rows and headers, with the tenant', async () => {
      const id = await asTenant('globex', async () => {
        const warehouse = Warehouse.open('STAMPED', ['s-1']);
        warehouses.add(warehouse);
        return warehouse.id;
      });
      const row = await tenants.runAsSystem(() =>
        app.orm.em.fork().findOneOrFail(Warehouse, id, { populate: ['bins'] }),
      );
      expect(row.tenantId).toBe('globex');
      expect(row.bins.getItems().map((bin) => bin.tenantId)).toEqual(['globex']);
      const [message] = await app.orm.em.fork().find(OutboxMessage, { aggregateId: id });
      expect(message?.tenantId).toBe('globex');
      expect(message?.headers['tenant-id']).toBe('globex');
    });

    it('bulk updates touch only the tenant’s rows', async () => {
      await tenants.runForTenant('acme', () =>
        uow.run(async () => {
          const warehouse = Warehouse.open('BULK');
          warehouses.add(warehouse);
        }),
      );
      await tenants.runForTenant('initech', () =>
        uow.run(async () => {
          const warehouse = Warehouse.open('BULK');
          warehouses.add(warehouse);
        }),
      );
      expect(await asTenant('acme', () => warehouses.closeByCode('BULK'))).toBe(1);
      expect(await asTenant('initech', () => warehouses.count(warehouses.byCode('BULK')))).toBe(1);
    });

    it('refuses a new row naming another tenant, and writes nothing', async () => {
      const attempt = asTenant('acme', async () => {
        const warehouse = Warehouse.open('SMUGGLED');
        Object.assign(warehouse, { tenantId: 'globex' });
        warehouses.add(warehouse);
      });
      await expect(attempt).rejects.toBeInstanceOf(TenantMismatchError);
      expect(await systemCount('SMUGGLED')).toBe(0);
    });

    it('refuses to move a row to another tenant', async () => {
      const attempt = asTenant('acme', async () => {
        const warehouse = await warehouses.get(idOf('acme', 'W2'));
        Object.assign(warehouse, { tenantId: 'globex', code: 'MOVED' });
      });
      await expect(attempt).rejects.toBeInstanceOf(TenantMismatchError);
      expect(await asTenant('acme', () => warehouses.get(idOf('acme', 'W2')))).toMatchObject({ code: 'W2' });
    });

    it('refuses to delete another tenant’s row through an unloaded reference', async () => {
      const foreign = idOf('globex', 'W2');
      const attempt = tenants.runForTenant('acme', async () => {
        const em = app.orm.em.fork(); // what a repository hides: a reference skips every query
        em.remove(em.getReference(Warehouse, foreign));
        await em.flush();
      });
      await expect(attempt).rejects.toBeInstanceOf(TenantMismatchError);
      expect(await asTenant('globex', () => warehouses.exists(foreign))).toBe(true);
    });

    it('allows the same unique code in different tenants', async () => {
      for (const tenant of ['acme', 'globex']) {
        await asTenant(tenant, async () => warehouses.add(Warehouse.open('SAME-CODE')));
      }
      expect(await systemCount('SAME-CODE')).toBe(2);
    });
  });

  describe('without a tenant in context', () => {
    const paths: [string, () => Promise<unknown>][] = [
      ['get', () => warehouses.get(idOf('acme', 'W1'))],
      ['find', () => warehouses.find()],
      ['findOne', () => warehouses.findOne(warehouses.byCode('W1'))],
      ['findPage', () => warehouses.findPage(Specification.all(), PageRequest.of({}, ['code']))],
      ['count', () => warehouses.count()],
      ['exists', () => warehouses.exists(idOf('acme', 'W1'))],
      ['getForUpdate', () => warehouses.getForUpdate(idOf('acme', 'W1'))],
      ['populate', () => warehouses.withBins(idOf('acme', 'W1'), 'select-in')],
      ['bulk update', () => warehouses.closeByCode('W1')],
      ['insert', async () => warehouses.add(Warehouse.open('NO-TENANT'))],
    ];

    it.each(paths)('%s throws TenantContextMissingError', async (_name, path) => {
      await expect(uow.run(path)).rejects.toBeInstanceOf(TenantContextMissingError);
    });

    it('wrote nothing on the way', async () => {
      expect(await systemCount('NO-TENANT')).toBe(0);
      expect(await systemCount('W1')).toBe(3);
    });
  });

  describe('hand-written SQL and keys', () => {
    const countByCode = async (code: string) => {
      const predicate = tenants.sqlPredicate('w');
      const rows = (await app.orm.em
        .getConnection()
        .execute(`select count(*)::int as n from warehouses w where w.code = ? and ${predicate.sql}`, [
          code,
          ...predicate.params,
        ])) as { n: number }[];
      return rows[0]?.n;
    };

    it('sqlPredicate confines native SQL to the tenant, opens it for system work, and fails closed', async () => {
      expect(await tenants.runForTenant('acme', () => countByCode('W1'))).toBe(1);
      expect(await tenants.runAsSystem(() => countByCode('W1'))).toBe(3);
      await expect(countByCode('W1')).rejects.toBeInstanceOf(TenantContextMissingError);
    });

    it('keyNamespace separates tenants and fails closed', () => {
      expect(tenants.runForTenant('acme', () => tenants.keyNamespace())).toBe('t:acme:');
      expect(tenants.runAsSystem(() => tenants.keyNamespace())).toBe('system:');
      expect(() => tenants.keyNamespace()).toThrow(TenantContextMissingError);
    });
  });

  describe('runAsSystem', () => {
    it('sees every tenant’s rows, and only inside the run', async () => {
      const all = await tenants.runAsSystem(() => uow.run(() => warehouses.find(warehouses.byCode('W1'))));
      expect(all.map((w) => w.tenantId).sort()).toEqual([...TENANTS].sort());
      expect(tenants.isSystem()).toBe(false);
      await expect(uow.run(() => warehouses.find())).rejects.toBeInstanceOf(TenantContextMissingError);
    });

    it('must name the tenant of a new row', async () => {
      await expect(
        tenants.runAsSystem(() => uow.run(async () => warehouses.add(Warehouse.open('SYS')))),
      ).rejects.toBeInstanceOf(TenantContextMissingError);
      await tenants.runAsSystem(() =>
        uow.run(async () => {
          const warehouse = Warehouse.open('SYS');
          Object.assign(warehouse, { tenantId: 'initech' });
          warehouses.add(warehouse);
        }),
      );
      expect(await asTenant('initech', () => warehouses.count(warehouses.byCode('SYS')))).toBe(1);
    });

    it('is left by a nested runForTenant, and restored after it', async () => {
      await tenants.runAsSystem(async () => {
        const inner = await tenants.runForTenant('acme', () =>
          uow.run(() => warehouses.find(warehouses.byCode('W1'))),
        );
        expect(inner.map((w) => w.tenantId)).toEqual(['acme']);
        expect(tenants.isSystem()).toBe(true);
      });
    });
  });
});
