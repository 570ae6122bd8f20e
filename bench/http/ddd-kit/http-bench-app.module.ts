import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { DatabaseModule } from '@ddd-kit/database';
import { OutboxModule } from '@ddd-kit/outbox';
import { HeaderTenantResolver, StaticTenantRegistry, TenancyModule } from '@ddd-kit/tenancy';
import { BENCH_TENANTS, TENANT_HEADER } from '../account-request.js';
import { BENCH_POOL_SIZE } from '../bench-pool.js';
import { Account } from './account.aggregate.js';
import { AccountRepository } from './account.repository.js';
import { AccountsController } from './accounts.controller.js';
import { OpenAccountHandler } from './open-account.command.js';

/** The accounts context: controller, command handler, repository and mapping. */
@Module({
  imports: [DatabaseModule.forFeature([Account])],
  controllers: [AccountsController],
  providers: [AccountRepository, OpenAccountHandler],
})
class AccountsModule {}

/**
 * The ddd-kit server's root module, assembled as a typical multi-tenant app following the README
 * is: CQRS, the database module, tenancy from a header (with a tenant registry), and the outbox
 * with its sink. The outbox relay is off (a process that only writes), so only the command path
 * is measured; the retention job is off too, so no cron run lands inside a round.
 */
@Module({})
export class HttpBenchAppModule {
  static forDatabase(url: string): DynamicModule {
    return {
      module: HttpBenchAppModule,
      imports: [
        CqrsModule.forRoot(),
        DatabaseModule.forRoot({ url, pool: { max: BENCH_POOL_SIZE } }),
        TenancyModule.forRoot({
          registry: new StaticTenantRegistry([...BENCH_TENANTS]),
          resolvers: [new HeaderTenantResolver(TENANT_HEADER)],
        }),
        OutboxModule.forRoot({
          relay: { enabled: false },
          retention: { enabled: false },
        }),
        AccountsModule,
      ],
    };
  }
}
