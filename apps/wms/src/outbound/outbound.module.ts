import { Module } from '@nestjs/common';
import { DatabaseModule } from '@ddd-kit/database';
import { CatalogModule } from '../catalog/catalog.module.js';
import { InventoryModule } from '../inventory/inventory.module.js';
import { OutboundController } from './api/outbound.controller.js';
import { AllocateOrderHandler } from './application/allocate-order.command.js';
import { CancelOrderHandler } from './application/cancel-order.command.js';
import { GetOrderHandler } from './application/get-order.query.js';
import { PickOrderHandler } from './application/pick-order.command.js';
import { PlaceOrderHandler } from './application/place-order.command.js';
import { ShipOrderHandler } from './application/ship-order.command.js';
import { Order } from './domain/order.aggregate.js';
import { OrderViewProjector } from './infrastructure/order-view.projector.js';
import { OrderViewReadModel } from './infrastructure/order-view.read-model.js';
import { OrderRepository } from './infrastructure/order.repository.js';

/** Orders: placed, allocated against stock (through inventory), picked, shipped or cancelled. */
@Module({
  imports: [DatabaseModule.forFeature([Order]), CatalogModule, InventoryModule],
  controllers: [OutboundController],
  providers: [
    OrderRepository,
    PlaceOrderHandler,
    AllocateOrderHandler,
    PickOrderHandler,
    ShipOrderHandler,
    CancelOrderHandler,
    GetOrderHandler,
    OrderViewReadModel,
    OrderViewProjector,
  ],
})
export class OutboundModule {}
