import { Module } from '@nestjs/common';
import { DatabaseModule } from '@ddd-kit/database';
import { CatalogModule } from '../catalog/catalog.module.js';
import { InventoryController } from './api/inventory.controller.js';
import { AdjustStockHandler } from './application/adjust-stock.command.js';
import { ListStockLevelsHandler } from './application/list-stock-levels.query.js';
import { MoveStockHandler } from './application/move-stock.command.js';
import { StockPlacement } from './application/stock-placement.service.js';
import { StockReservations } from './application/stock-reservations.service.js';
import { StockItem } from './domain/stock-item.aggregate.js';
import { StockItemRepository } from './infrastructure/stock-item.repository.js';
import { StockLevelsProjector } from './infrastructure/stock-levels.projector.js';
import { StockLevelsReadModel } from './infrastructure/stock-levels.read-model.js';

/**
 * Stock per (location, SKU): receiving, moves, adjustments and reservations, and the stock
 * levels read model. Inbound and outbound change stock through `StockPlacement` and
 * `StockReservations`, inside their own units of work.
 */
@Module({
  imports: [DatabaseModule.forFeature([StockItem]), CatalogModule],
  controllers: [InventoryController],
  providers: [
    StockItemRepository,
    StockPlacement,
    StockReservations,
    MoveStockHandler,
    AdjustStockHandler,
    ListStockLevelsHandler,
    StockLevelsReadModel,
    StockLevelsProjector,
  ],
  exports: [StockPlacement, StockReservations],
})
export class InventoryModule {}
