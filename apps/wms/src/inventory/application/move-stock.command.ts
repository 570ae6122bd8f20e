import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@ddd-kit/database';
import { levelOf, type StockLevel } from './stock-level.js';
import { StockPlacement } from './stock-placement.service.js';

export class MoveStock {
  constructor(
    readonly sku: string,
    readonly from: string,
    readonly to: string,
    readonly quantity: number,
  ) {}
}

/** The levels of both locations after the move. */
export interface StockMoveResult {
  readonly from: StockLevel;
  readonly to: StockLevel;
}

/**
 * Both stock items change in one transaction. Stock items are locked, so concurrent moves queue;
 * a deadlock or stale version re-runs the command.
 */
@CommandHandler(MoveStock)
export class MoveStockHandler implements ICommandHandler<MoveStock, StockMoveResult> {
  constructor(private readonly placement: StockPlacement) {}

  @Transactional({ retryOnConflict: 5 })
  async execute(command: MoveStock): Promise<StockMoveResult> {
    const { from, to } = await this.placement.move(command.sku, command.from, command.to, command.quantity);
    return { from: levelOf(from), to: levelOf(to) };
  }
}
