import type { EntityMetadata } from '@mikro-orm/core';
import type { TenantContext } from '../context/tenant-context.js';
import { tenantPropertyOf } from './tenant-id.decorator.js';

/** Name of the MikroORM filter that confines tenant-scoped entities to the current tenant. */
export const TENANT_FILTER = 'ddd-kit:tenant';

/** The tenant-scoped entities among MikroORM's metadata, with their tenant property. */
export function tenantScopedEntities(metadata: readonly EntityMetadata[]): Map<EntityMetadata, string> {
  const scoped = new Map<EntityMetadata, string>();
  for (const meta of metadata) {
    const property = tenantPropertyOf(meta.class);
    if (property) scoped.set(meta, property);
  }
  return scoped;
}

/**
 * The filter's condition, evaluated by MikroORM on every find, count, nativeUpdate and
 * nativeDelete of a tenant-scoped entity: the current tenant, nothing for system work, and an
 * exception with no tenant at all, so a forgotten context fails closed instead of reading
 * everything.
 */
export function tenantFilterCondition(tenants: TenantContext, properties: ReadonlyMap<string, string>) {
  return (
    _args: unknown,
    type: 'read' | 'update' | 'delete',
    _em: unknown,
    _options: unknown,
    entityName?: string,
  ): Record<string, string> => {
    const scope = tenants.scope({ entity: entityName, operation: type });
    if (scope.kind === 'system') return {};
    return { [properties.get(entityName ?? '') ?? 'tenantId']: scope.tenantId };
  };
}
