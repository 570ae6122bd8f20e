import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@ddd-kit/database';
import { levelOf, type StockLevel } from './stock-level.js';
import { StockPlacement } from './stock-placement.service.js';

export class AdjustStock {
  constructor(
    readonly sku: string,
    readonly location: string,
    /** Signed: negative removes units. */
    readonly delta: number,
    readonly reason: string,
  ) {}
}

/** Corrects the units on hand of a SKU in a location (a count, damage). */
@CommandHandler(AdjustStock)
export class AdjustStockHandler implements ICommandHandler<AdjustStock, StockLevel> {
  constructor(private readonly placement: StockPlacement) {}

  @Transactional({ retryOnConflict: 5 })
  async execute(command: AdjustStock): Promise<StockLevel> {
    return levelOf(await this.placement.adjust(command.sku, command.location, command.delta, command.reason));
  }
}
