import type { EntityMetadata } from '@mikro-orm/core';

/**
 * Fails at bootstrap when a unique constraint of a tenant-scoped entity leaves out the tenant:
 * it would let one tenant's data block another's ("code taken") and leak that it exists.
 * Expression-based uniques cannot be checked and are left to review.
 */
export function assertUniquePerTenant(scoped: ReadonlyMap<EntityMetadata, string>): void {
  const offenders: string[] = [];
  for (const [meta, tenantProperty] of scoped) {
    for (const property of Object.values(meta.properties)) {
      if (property.unique && !property.primary) offenders.push(`${meta.className}.${property.name}`);
    }
    for (const unique of meta.uniques) {
      if (unique.expression !== undefined) continue;
      const properties = ([] as string[]).concat(unique.properties ?? []);
      if (!properties.includes(tenantProperty)) offenders.push(`${meta.className}(${properties.join(', ')})`);
    }
  }
  if (offenders.length > 0) {
    throw new TypeError(
      `Unique constraints of tenant-scoped entities must include the tenant: ${offenders.join(', ')}`,
    );
  }
}
