import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@ddd-kit/database';
import { CatalogLookup } from '../../catalog/application/catalog-lookup.service.js';
import { Reference } from '../../shared/domain/code.js';
import { Receipt } from '../domain/receipt.aggregate.js';
import { ReceiptRepository } from '../infrastructure/receipt.repository.js';

export class CreateReceipt {
  constructor(
    readonly reference: string,
    readonly lines: readonly { sku: string; quantity: number }[],
  ) {}
}

/**
 * Announces goods to receive. Every SKU must be registered (404 `UNKNOWN_SKU`); a taken
 * reference is a 409 `RECEIPT_REFERENCE_TAKEN` from the unique constraint.
 */
@CommandHandler(CreateReceipt)
export class CreateReceiptHandler implements ICommandHandler<CreateReceipt, { id: string }> {
  constructor(
    private readonly receipts: ReceiptRepository,
    private readonly catalog: CatalogLookup,
  ) {}

  @Transactional()
  async execute(command: CreateReceipt): Promise<{ id: string }> {
    const receipt = Receipt.create(Reference.of(command.reference), command.lines);
    await this.catalog.requireSkus(command.lines.map((line) => line.sku));
    this.receipts.add(receipt);
    return { id: receipt.id };
  }
}
