import { Property } from '@mikro-orm/decorators/legacy';

const TENANT_PROPERTY = Symbol('ddd-kit:tenant-property');

/**
 * Makes an entity tenant-scoped, on the property that holds its tenant (column `tenant_id`):
 * queries are filtered to the current tenant, new rows are stamped with it, and writing another
 * tenant's row is refused. Declare the property without a value; the unit of work stamps it.
 *
 * ```ts
 * @Entity()
 * export class StockItem extends VersionedAggregateRoot {
 *   @TenantId() readonly tenantId!: string;
 * }
 * ```
 *
 * Include `tenant_id` in every unique constraint of the table (`@Unique({ properties:
 * ['tenantId', 'code'] })`); the module refuses to start otherwise.
 */
export function TenantId(): PropertyDecorator {
  return (target, propertyKey) => {
    if (typeof propertyKey !== 'string') throw new TypeError('@TenantId() needs a named property');
    Property({ type: 'string', fieldName: 'tenant_id', length: 64 })(target, propertyKey);
    Reflect.defineMetadata(TENANT_PROPERTY, propertyKey, target.constructor);
  };
}

/** The tenant property of a tenant-scoped entity class, or `undefined` for a shared entity. */
export function tenantPropertyOf(entityClass: unknown): string | undefined {
  return typeof entityClass === 'function'
    ? (Reflect.getMetadata(TENANT_PROPERTY, entityClass) as string | undefined)
    : undefined;
}
