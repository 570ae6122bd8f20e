import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { v7 as uuidv7 } from 'uuid';
import { Aggregate } from '@ddd-kit/core';
import { AuditedAggregateRoot } from '@ddd-kit/database';
import { TenantId } from '@ddd-kit/tenancy';
import type { Reference } from '../../shared/domain/code.js';
import { assertDistinct, assertLineCount } from '../../shared/domain/document-lines.js';
import { Quantity } from '../../shared/domain/quantity.js';
import { ReceiptClosed, ReceiptCreated, ReceiptReceived } from './inbound.events.js';
import { ReceiptClosedError, ReceiptLineUnexpectedError } from './inbound.errors.js';

export const RECEIPT_STATUSES = ['OPEN', 'RECEIVING', 'CLOSED'] as const;
export type ReceiptStatus = (typeof RECEIPT_STATUSES)[number];

/** A SKU the receipt expects, and how much of it has arrived so far. */
export interface ReceiptLine {
  readonly sku: string;
  readonly expected: number;
  readonly received: number;
}

/** Units that arrived, and the location they were put into. */
export interface ReceivedLine {
  readonly sku: string;
  readonly quantity: number;
  readonly location: string;
}

/**
 * Goods announced to arrive (by a reference unique per tenant): one line per SKU. Receiving
 * records what arrived; the receipt is RECEIVING after the first units and CLOSED once every line
 * has received at least what it expected (more is accepted and recorded).
 */
@Aggregate('wms.inbound.receipt')
@Entity({ tableName: 'receipts' })
@Unique({ name: 'receipts_tenant_reference_unique', properties: ['tenantId', 'reference'] })
export class Receipt extends AuditedAggregateRoot {
  @PrimaryKey({ type: 'uuid' })
  readonly id: string = uuidv7();

  @TenantId()
  readonly tenantId!: string;

  @Property({ type: 'string', length: 64 })
  readonly reference: string;

  @Property({ type: 'string', length: 16, fieldName: 'status' })
  private state: ReceiptStatus = 'OPEN';

  // Replaced as a whole on change, so that MikroORM sees the JSON change.
  @Property({ type: 'json', fieldName: 'lines' })
  private lineList: ReceiptLine[];

  private constructor(reference: Reference, lines: ReceiptLine[]) {
    super();
    this.reference = reference.value;
    this.lineList = lines;
  }

  /**
   * @throws ValidationError TOO_MANY_LINES, LINE_DUPLICATE (one line per SKU), INVALID_QUANTITY
   */
  static create(reference: Reference, lines: readonly { sku: string; quantity: number }[]): Receipt {
    assertLineCount(lines.length);
    assertDistinct(lines.map((line) => line.sku));
    const receipt = new Receipt(
      reference,
      lines.map((line) => ({ sku: line.sku, expected: Quantity.positive(line.quantity).value, received: 0 })),
    );
    receipt.record(
      new ReceiptCreated({
        reference: reference.value,
        lines: lines.map((line) => ({ sku: line.sku, quantity: line.quantity })),
      }),
    );
    return receipt;
  }

  get status(): ReceiptStatus {
    return this.state;
  }

  get lines(): readonly ReceiptLine[] {
    return this.lineList;
  }

  /**
   * Records units that arrived. The caller puts them into stock in the same unit of work.
   * @throws ReceiptClosedError when the receipt is closed
   * @throws ReceiptLineUnexpectedError for a SKU the receipt does not expect
   */
  receive(received: readonly ReceivedLine[]): void {
    if (this.state === 'CLOSED') throw new ReceiptClosedError(this.id);
    assertLineCount(received.length);
    const arrived = new Map<string, number>();
    for (const line of received) {
      if (!this.lineList.some((expected) => expected.sku === line.sku)) {
        throw new ReceiptLineUnexpectedError(this.id, line.sku);
      }
      arrived.set(line.sku, (arrived.get(line.sku) ?? 0) + Quantity.positive(line.quantity).value);
    }
    this.lineList = this.lineList.map((line) => ({
      ...line,
      received: line.received + (arrived.get(line.sku) ?? 0),
    }));
    this.state = this.lineList.every((line) => line.received >= line.expected) ? 'CLOSED' : 'RECEIVING';
    this.record(
      new ReceiptReceived({
        reference: this.reference,
        lines: received.map(({ sku, quantity, location }) => ({ sku, quantity, location })),
        status: this.state,
      }),
    );
    if (this.state === 'CLOSED') this.record(new ReceiptClosed({ reference: this.reference }));
  }
}
