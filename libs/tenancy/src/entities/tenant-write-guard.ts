import { ChangeSetType, type EventSubscriber, type FlushEventArgs } from '@mikro-orm/core';
import type { TenantContext } from '../context/tenant-context.js';
import { TenantContextMissingError, TenantMismatchError } from '../errors/tenant.errors.js';
import { tenantPropertyOf } from './tenant-id.decorator.js';

/**
 * Checks every write of a tenant-scoped entity at flush, after the change sets are computed:
 * new rows get the current tenant, and a row of another tenant (or of an unknown tenant, such
 * as an unloaded reference) is never inserted, updated or deleted. System work may write any
 * tenant's rows but must name the tenant of new ones.
 */
export class TenantWriteGuard implements EventSubscriber {
  constructor(private readonly tenants: TenantContext) {}

  onFlush({ uow }: FlushEventArgs): void {
    for (const changeSet of uow.getChangeSets()) {
      const property = tenantPropertyOf(changeSet.entity.constructor);
      if (!property) continue;
      const entity = changeSet.entity as Record<string, unknown>;
      const scope = this.tenants.scope({ entity: changeSet.meta.className, operation: changeSet.type });
      const rowTenant = entity[property];

      if (changeSet.type === ChangeSetType.CREATE && rowTenant === undefined) {
        if (scope.kind === 'system')
          throw new TenantContextMissingError({ entity: changeSet.meta.className, operation: 'create' });
        // Same value on entity and computed payload, so the snapshot matches (see AuditStamper).
        entity[property] = (changeSet.payload as Record<string, unknown>)[property] = scope.tenantId;
        continue;
      }
      // System work may change any tenant's rows; tenant work only rows known to be its own, so
      // an unloaded reference (tenant unknown) is refused too. The other tenant is not named:
      // the caller must not learn whose row it is.
      if (scope.kind === 'tenant' && rowTenant !== scope.tenantId) {
        throw new TenantMismatchError({ entity: changeSet.meta.className, operation: changeSet.type });
      }
    }
  }
}
