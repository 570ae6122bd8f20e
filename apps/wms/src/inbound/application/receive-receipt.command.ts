import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@ddd-kit/database';
import { StockPlacement } from '../../inventory/application/stock-placement.service.js';
import type { ReceiptStatus, ReceivedLine } from '../domain/receipt.aggregate.js';
import { ReceiptRepository } from '../infrastructure/receipt.repository.js';

export class ReceiveReceipt {
  constructor(
    readonly receiptId: string,
    readonly lines: readonly ReceivedLine[],
  ) {}
}

/**
 * Receives units of a receipt into locations: the receipt and the stock items change in one
 * transaction. Two receivings of one receipt at once meet on its version; the loser re-runs
 * from the start (and may then find the receipt closed).
 */
@CommandHandler(ReceiveReceipt)
export class ReceiveReceiptHandler implements ICommandHandler<
  ReceiveReceipt,
  { id: string; status: ReceiptStatus }
> {
  constructor(
    private readonly receipts: ReceiptRepository,
    private readonly placement: StockPlacement,
  ) {}

  @Transactional({ retryOnConflict: 5 })
  async execute(command: ReceiveReceipt): Promise<{ id: string; status: ReceiptStatus }> {
    const receipt = await this.receipts.get(command.receiptId);
    receipt.receive(command.lines);
    await this.placement.receive(command.lines);
    return { id: receipt.id, status: receipt.status };
  }
}
