import { Module } from '@nestjs/common';
import { DatabaseModule } from '@ddd-kit/database';
import { CatalogModule } from '../catalog/catalog.module.js';
import { InventoryModule } from '../inventory/inventory.module.js';
import { InboundController } from './api/inbound.controller.js';
import { CreateReceiptHandler } from './application/create-receipt.command.js';
import { GetReceiptHandler } from './application/get-receipt.query.js';
import { ReceiveReceiptHandler } from './application/receive-receipt.command.js';
import { Receipt } from './domain/receipt.aggregate.js';
import { ReceiptRepository } from './infrastructure/receipt.repository.js';

/** Receipts: goods announced, then received into locations (stock through inventory). */
@Module({
  imports: [DatabaseModule.forFeature([Receipt]), CatalogModule, InventoryModule],
  controllers: [InboundController],
  providers: [ReceiptRepository, CreateReceiptHandler, ReceiveReceiptHandler, GetReceiptHandler],
})
export class InboundModule {}
