import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { v7 as uuidv7 } from 'uuid';
import { Aggregate } from '@ddd-kit/core';
import { AuditedAggregateRoot } from '@ddd-kit/database';
import { TenantId } from '@ddd-kit/tenancy';
import type { LocationCode } from '../../shared/domain/code.js';
import type { Quantity } from '../../shared/domain/quantity.js';
import { LocationCreated } from './catalog.events.js';

export const LOCATION_TYPES = ['RECEIVING', 'STORAGE', 'PICKING', 'SHIPPING'] as const;
export type LocationType = (typeof LOCATION_TYPES)[number];

/** A place stock sits, by a code unique per tenant, with an optional capacity in units. */
@Aggregate('wms.catalog.location')
@Entity({ tableName: 'locations' })
@Unique({ name: 'locations_tenant_code_unique', properties: ['tenantId', 'code'] })
export class Location extends AuditedAggregateRoot {
  @PrimaryKey({ type: 'uuid' })
  readonly id: string = uuidv7();

  @TenantId()
  readonly tenantId!: string;

  @Property({ type: 'string', length: 64 })
  readonly code: string;

  @Property({ type: 'string', length: 16 })
  type: LocationType;

  @Property({ type: 'integer', nullable: true })
  capacity: number | null;

  private constructor(code: LocationCode, type: LocationType, capacity: Quantity | null) {
    super();
    this.code = code.value;
    this.type = type;
    this.capacity = capacity?.value ?? null;
  }

  static create(code: LocationCode, type: LocationType, capacity: Quantity | null): Location {
    const location = new Location(code, type, capacity);
    location.record(new LocationCreated({ code: code.value, type, capacity: location.capacity }));
    return location;
  }
}
