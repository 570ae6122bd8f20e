import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { v7 as uuidv7 } from 'uuid';
import { Aggregate } from '@ddd-kit/core';
import { AuditedAggregateRoot } from '@ddd-kit/database';
import { TenantId } from '@ddd-kit/tenancy';
import type { SkuCode } from '../../shared/domain/code.js';
import { SkuRegistered } from './catalog.events.js';

/** Units a SKU is counted in. */
export const UNITS_OF_MEASURE = ['EA', 'BOX', 'CASE', 'PALLET', 'KG', 'L'] as const;
export type UnitOfMeasure = (typeof UNITS_OF_MEASURE)[number];

/** A stock-keeping unit: what the warehouse stores, by a code unique per tenant. */
@Aggregate('wms.catalog.sku')
@Entity({ tableName: 'skus' })
@Unique({ name: 'skus_tenant_code_unique', properties: ['tenantId', 'code'] })
export class Sku extends AuditedAggregateRoot {
  @PrimaryKey({ type: 'uuid' })
  readonly id: string = uuidv7();

  @TenantId()
  readonly tenantId!: string;

  @Property({ type: 'string', length: 64 })
  readonly code: string;

  @Property({ type: 'string', length: 200 })
  name: string;

  @Property({ type: 'string', length: 16 })
  uom: UnitOfMeasure;

  private constructor(code: SkuCode, name: string, uom: UnitOfMeasure) {
    super();
    this.code = code.value;
    this.name = name;
    this.uom = uom;
  }

  static register(code: SkuCode, name: string, uom: UnitOfMeasure): Sku {
    const sku = new Sku(code, name, uom);
    sku.record(new SkuRegistered({ code: code.value, name, uom }));
    return sku;
  }
}
