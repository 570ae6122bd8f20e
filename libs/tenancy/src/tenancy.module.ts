import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR, DiscoveryModule, ModuleRef } from '@nestjs/core';
import { TenantContext } from './context/tenant-context.js';
import { TenantIsolation } from './entities/tenant-isolation.js';
import { RequestPassportInterceptor } from './http/request-passport.interceptor.js';
import { ForEachTenant } from './jobs/for-each-tenant.js';
import { JobPassportExplorer } from './jobs/job-passport.explorer.js';
import { TenantRegistry, UnlistedTenantRegistry } from './registry/tenant-registry.js';
import { ConfigurableTenancyModule, TENANCY_MODULE_OPTIONS } from './tenancy.module-definition.js';
import {
  RESOLVED_TENANCY_OPTIONS,
  resolveTenancyOptions,
  type TenancyModuleOptions,
} from './tenancy.options.js';

/**
 * Row-level multi-tenancy: resolves each request's tenant into the passport, confines every
 * `@TenantId()` entity to it (failing closed without one), and carries it across async hops:
 * outbox rows and message headers, consumers, BullMQ jobs and scheduled work. Import once, next to
 * `DatabaseModule`.
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    TenantContext,
    TenantIsolation,
    ForEachTenant,
    JobPassportExplorer,
    { provide: APP_INTERCEPTOR, useClass: RequestPassportInterceptor },
    {
      provide: RESOLVED_TENANCY_OPTIONS,
      inject: [TENANCY_MODULE_OPTIONS],
      useFactory: resolveTenancyOptions,
    },
    {
      provide: TenantRegistry,
      inject: [TENANCY_MODULE_OPTIONS, ModuleRef],
      useFactory: (options: TenancyModuleOptions, moduleRef: ModuleRef) => {
        const { registry } = options;
        if (!registry) return new UnlistedTenantRegistry();
        return registry instanceof TenantRegistry ? registry : moduleRef.create(registry);
      },
    },
  ],
  exports: [TenantContext, TenantRegistry, ForEachTenant],
})
export class TenancyModule extends ConfigurableTenancyModule {}
