import { DomainError } from '@ddd-kit/core';

/** Nothing more can be received on a closed receipt. */
export class ReceiptClosedError extends DomainError {
  constructor(id: string) {
    super('RECEIPT_CLOSED', { id });
  }
}

/** Receiving a SKU that the receipt does not expect. */
export class ReceiptLineUnexpectedError extends DomainError {
  constructor(id: string, sku: string) {
    super('RECEIPT_LINE_UNEXPECTED', { id, sku });
  }
}
