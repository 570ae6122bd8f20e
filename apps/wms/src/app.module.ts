import { Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { ScheduleModule } from '@nestjs/schedule';
import { AcceptLanguageResolver, I18nModule, QueryResolver } from 'nestjs-i18n';
import { LoggerModule } from 'nestjs-pino';
import { CacheModule } from '@ddd-kit/cache';
import { DatabaseModule } from '@ddd-kit/database';
import { OutboxModule } from '@ddd-kit/outbox';
import { ConsistencyInterceptor, ProjectorModule } from '@ddd-kit/projector';
import {
  HeaderTenantResolver,
  JwtPassportResolver,
  passportLogFields,
  StaticTenantRegistry,
  TenancyModule,
} from '@ddd-kit/tenancy';
import { CatalogModule } from './catalog/catalog.module.js';
import { InboundModule } from './inbound/inbound.module.js';
import { InventoryModule } from './inventory/inventory.module.js';
import { JobsModule } from './jobs/jobs.module.js';
import { WMS_MIGRATIONS } from './migrations/wms.migrations.js';
import { OperationsModule } from './operations/operations.module.js';
import { OutboundModule } from './outbound/outbound.module.js';
import { WmsConfigModule } from './shared/config/config.module.js';
import { loadWmsConfig, WMS_CONFIG, type WmsConfig } from './shared/config/wms.config.js';
import { WmsErrorFilter } from './shared/http/wms-error.filter.js';
import { InCodeI18nLoader } from './shared/i18n/in-code-i18n.loader.js';
import { outboxOptions, projectorOptions } from './shared/messaging/messaging.options.js';

// Read once here for the modules whose options are static; the rest inject WMS_CONFIG.
const config = loadWmsConfig();

/** The WMS sample: four bounded contexts on every ddd-kit module. */
@Module({
  imports: [
    WmsConfigModule,
    LoggerModule.forRoot({
      pinoHttp: {
        level: config.logLevel,
        mixin: passportLogFields,
        // Health and metrics scrapes would drown the log.
        autoLogging: { ignore: (request) => ['/health', '/metrics'].includes(request.url ?? '') },
      },
    }),
    I18nModule.forRoot({
      fallbackLanguage: 'en',
      loader: InCodeI18nLoader,
      loaderOptions: {},
      resolvers: [new QueryResolver(['lang']), AcceptLanguageResolver],
    }),
    CqrsModule.forRoot(),
    ScheduleModule.forRoot(),
    DatabaseModule.forRootAsync({
      inject: [WMS_CONFIG],
      useFactory: (wms: WmsConfig) => ({
        url: wms.databaseUrl,
        migrations: { list: WMS_MIGRATIONS },
        uniqueViolationCodes: {
          skus_tenant_code_unique: 'SKU_CODE_TAKEN',
          locations_tenant_code_unique: 'LOCATION_CODE_TAKEN',
          receipts_tenant_reference_unique: 'RECEIPT_REFERENCE_TAKEN',
          orders_tenant_reference_unique: 'ORDER_REFERENCE_TAKEN',
        },
      }),
    }),
    TenancyModule.forRoot({
      registry: new StaticTenantRegistry(config.tenants),
      resolvers: [
        new HeaderTenantResolver('x-tenant-id'),
        ...(config.jwtSecret ? [new JwtPassportResolver({ secret: config.jwtSecret })] : []),
      ],
    }),
    OutboxModule.forRoot(outboxOptions(config)),
    ProjectorModule.forRoot(projectorOptions(config)),
    CacheModule.forRoot({
      store: { type: 'redis', url: config.redisUrl },
      keyPrefix: `${config.redisPrefix}:cache`,
    }),
    CatalogModule,
    InboundModule,
    InventoryModule,
    OutboundModule,
    JobsModule,
    OperationsModule,
  ],
  providers: [
    { provide: APP_FILTER, useClass: WmsErrorFilter },
    { provide: APP_INTERCEPTOR, useExisting: ConsistencyInterceptor },
  ],
})
export class AppModule {}
