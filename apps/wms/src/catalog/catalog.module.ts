import { Module } from '@nestjs/common';
import { DatabaseModule } from '@ddd-kit/database';
import { CatalogController } from './api/catalog.controller.js';
import { CatalogLookup } from './application/catalog-lookup.service.js';
import { CreateLocationHandler } from './application/create-location.command.js';
import { ListSkusHandler } from './application/list-skus.query.js';
import { RegisterSkuHandler } from './application/register-sku.command.js';
import { Location } from './domain/location.aggregate.js';
import { Sku } from './domain/sku.aggregate.js';
import { LocationRepository } from './infrastructure/location.repository.js';
import { SkuRepository } from './infrastructure/sku.repository.js';

/** SKUs and locations: the master data the other contexts refer to by code. */
@Module({
  imports: [DatabaseModule.forFeature([Sku, Location])],
  controllers: [CatalogController],
  providers: [
    SkuRepository,
    LocationRepository,
    CatalogLookup,
    RegisterSkuHandler,
    CreateLocationHandler,
    ListSkusHandler,
  ],
  exports: [SkuRepository, LocationRepository, CatalogLookup],
})
export class CatalogModule {}
