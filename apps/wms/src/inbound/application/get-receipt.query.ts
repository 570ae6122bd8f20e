import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Transactional } from '@ddd-kit/database';
import type { ReceiptLine, ReceiptStatus } from '../domain/receipt.aggregate.js';
import { ReceiptRepository } from '../infrastructure/receipt.repository.js';

export class GetReceipt {
  constructor(readonly receiptId: string) {}
}

export interface ReceiptView {
  readonly id: string;
  readonly reference: string;
  readonly status: ReceiptStatus;
  readonly lines: readonly ReceiptLine[];
  readonly createdAt: Date;
}

/** A receipt as it stands (read from the aggregate: receipts have no read model). */
@QueryHandler(GetReceipt)
export class GetReceiptHandler implements IQueryHandler<GetReceipt, ReceiptView> {
  constructor(private readonly receipts: ReceiptRepository) {}

  @Transactional()
  async execute(query: GetReceipt): Promise<ReceiptView> {
    const receipt = await this.receipts.get(query.receiptId);
    return {
      id: receipt.id,
      reference: receipt.reference,
      status: receipt.status,
      lines: receipt.lines,
      createdAt: receipt.createdAt,
    };
  }
}
