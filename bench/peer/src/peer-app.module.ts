import { Module, type DynamicModule } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { OutboxModule } from '@fullstackhouse/nestjs-outbox';
import {
  MikroORMDatabaseDriverFactory,
  MikroOrmOutboxTransportEvent,
  OutboxMigrations,
} from '@fullstackhouse/nestjs-outbox-mikro-orm-driver';
import { DeliveryLog } from '../../peer-comparison/contender/delivery-log.js';
import { MigrationPeerOrders, PeerOrder, PeerOrderPlaced } from './peer-order';
import { PeerOrderListener } from './peer-order.listener';
import type { PeerSettings } from './peer-settings';
import { PlaceOrderService } from './place-order.service';

/**
 * The peer app, assembled as the driver's README shows: MikroOrmModule with the outbox entity
 * and migrations, `OutboxModule.registerAsync` with `MikroORMDatabaseDriverFactory`, and one
 * event with one `@OnEvent` listener. The schema comes from the migrations, run by the caller
 * before the app starts (the poller starts polling as soon as the module initializes).
 */
@Module({})
export class PeerAppModule {
  static forDatabase(databaseUrl: string, settings: PeerSettings): DynamicModule {
    return {
      module: PeerAppModule,
      imports: [
        MikroOrmModule.forRoot(ormOptions(databaseUrl, settings)),
        OutboxModule.registerAsync({
          imports: [MikroOrmModule.forFeature([MikroOrmOutboxTransportEvent])],
          inject: [MikroORM],
          enableDefaultMiddlewares: settings.enableDefaultMiddlewares,
          useFactory: (orm: MikroORM) => ({
            driverFactory: new MikroORMDatabaseDriverFactory(orm, {
              listenNotify: { enabled: settings.listenNotify },
            }),
            events: [
              {
                name: PeerOrderPlaced.eventName,
                listeners: {
                  retentionPeriod: settings.retentionPeriodMs,
                  maxExecutionTime: settings.maxExecutionTimeMs,
                  maxRetries: settings.maxRetries,
                },
              },
            ],
            pollingInterval: settings.pollingIntervalMs,
            maxEventsPerPoll: settings.maxEventsPerPoll,
            eventListenerThrottleMs: settings.eventListenerThrottleMs,
          }),
        }),
      ],
      providers: [DeliveryLog, PeerOrderListener, PlaceOrderService],
    };
  }
}

/**
 * MikroORM options. Host, port, user and database are given one by one, not as `clientUrl`:
 * the driver's LISTEN client reads exactly those four from the ORM config.
 */
export function ormOptions(databaseUrl: string, settings: PeerSettings) {
  const url = new URL(databaseUrl);
  return {
    driver: PostgreSqlDriver,
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    dbName: decodeURIComponent(url.pathname.slice(1)),
    entities: [MikroOrmOutboxTransportEvent, PeerOrder],
    extensions: [Migrator],
    migrations: {
      silent: true,
      migrationsList: [
        ...OutboxMigrations.map((migration) => ({ name: migration.name, class: migration })),
        { name: MigrationPeerOrders.name, class: MigrationPeerOrders },
      ],
    },
    pool: { min: 0, max: settings.poolMax },
    debug: false,
    allowGlobalContext: false,
  };
}
