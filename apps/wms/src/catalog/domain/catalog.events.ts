import { DomainEvent, EventType } from '@ddd-kit/core';

@EventType('wms.catalog.sku-registered', { version: 1, topic: 'wms.catalog' })
export class SkuRegistered extends DomainEvent<{ code: string; name: string; uom: string }> {}

@EventType('wms.catalog.location-created', { version: 1, topic: 'wms.catalog' })
export class LocationCreated extends DomainEvent<{ code: string; type: string; capacity: number | null }> {}
