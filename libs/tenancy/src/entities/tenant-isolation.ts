import { Injectable, type OnModuleInit } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { TenantContext } from '../context/tenant-context.js';
import { assertUniquePerTenant } from './assert-unique-per-tenant.js';
import { TENANT_FILTER, tenantFilterCondition, tenantScopedEntities } from './tenant-filter.js';
import { TenantWriteGuard } from './tenant-write-guard.js';

/**
 * Installs row-level isolation at startup: the tenant filter on every `@TenantId()` entity
 * (on by default, on the root EntityManager so every fork inherits it) and the flush-time write
 * guard. Runs before bootstrap, so no request can query unfiltered.
 */
@Injectable()
export class TenantIsolation implements OnModuleInit {
  constructor(
    private readonly orm: MikroORM,
    private readonly tenants: TenantContext,
  ) {}

  onModuleInit(): void {
    const scoped = tenantScopedEntities([...this.orm.getMetadata().getAll().values()]);
    if (scoped.size === 0) return;
    assertUniquePerTenant(scoped);
    const properties = new Map([...scoped].map(([meta, property]) => [meta.className, property]));
    this.orm.em.addFilter({
      name: TENANT_FILTER,
      cond: tenantFilterCondition(this.tenants, properties),
      entity: [...scoped.keys()].map((meta) => meta.class),
      default: true,
      args: false,
    });
    this.orm.em.getEventManager().registerSubscriber(new TenantWriteGuard(this.tenants));
  }
}
