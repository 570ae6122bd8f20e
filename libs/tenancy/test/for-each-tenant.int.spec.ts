import { UnitOfWork } from '@ddd-kit/database';
import { ForEachTenant, TenantContext } from '@ddd-kit/tenancy';
import type { DatabaseTestModule } from '@ddd-kit/testing';
import { Warehouse } from './fixture/warehouse.aggregate.js';
import { WarehouseRepository } from './fixture/warehouse.repository.js';
import { startWarehouseTestModule, TENANTS } from './fixture/warehouse-test-module.js';

describe('ForEachTenant', () => {
  let app: DatabaseTestModule;

  beforeAll(async () => {
    app = await startWarehouseTestModule();
  });
  afterAll(() => app.close());

  it('runs the work once per active tenant, in its context, and a failure stops no other tenant', async () => {
    const tenants = app.module.get(TenantContext);
    const uow = app.module.get(UnitOfWork);
    const warehouses = app.module.get(WarehouseRepository);
    const seen: [string, string | undefined][] = [];

    const report = await app.module.get(ForEachTenant).forEachTenant('nightly', async (tenantId) => {
      seen.push([tenantId, tenants.tenantId()]);
      if (tenantId === 'globex') throw new Error('globex is broken tonight');
      await uow.run(async () => warehouses.add(Warehouse.open('NIGHTLY')));
    });

    expect(seen).toEqual(TENANTS.map((tenant) => [tenant, tenant]));
    expect(report.succeeded).toEqual(['acme', 'initech']);
    expect(report.failed.map(({ tenantId, error }) => [tenantId, String(error)])).toEqual([
      ['globex', 'Error: globex is broken tonight'],
    ]);
    const written = await tenants.runAsSystem(() =>
      uow.run(() => warehouses.find(warehouses.byCode('NIGHTLY'))),
    );
    expect(written.map((w) => w.tenantId).sort()).toEqual(['acme', 'initech']);
    expect(tenants.tenantId()).toBeUndefined();
  });
});
