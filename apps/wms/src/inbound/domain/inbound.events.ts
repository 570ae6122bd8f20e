import { DomainEvent, EventType } from '@ddd-kit/core';

@EventType('wms.inbound.receipt-created', { version: 1, topic: 'wms.inbound' })
export class ReceiptCreated extends DomainEvent<{
  reference: string;
  lines: { sku: string; quantity: number }[];
}> {}

/** Units of a receipt arrived and were put into locations; `status` is the receipt's after it. */
@EventType('wms.inbound.receipt-received', { version: 1, topic: 'wms.inbound' })
export class ReceiptReceived extends DomainEvent<{
  reference: string;
  lines: { sku: string; quantity: number; location: string }[];
  status: string;
}> {}

/** Every expected unit has arrived. */
@EventType('wms.inbound.receipt-closed', { version: 1, topic: 'wms.inbound' })
export class ReceiptClosed extends DomainEvent<{ reference: string }> {}
