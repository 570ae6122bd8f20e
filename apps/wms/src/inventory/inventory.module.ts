import { Module } from '@nestjs/common';

/** The inventory bounded context. */
@Module({})
export class InventoryModule {}
