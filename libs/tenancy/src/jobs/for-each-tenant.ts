import { Injectable, Logger } from '@nestjs/common';
import { TenantContext } from '../context/tenant-context.js';
import { TenantRegistry } from '../registry/tenant-registry.js';

/** How a `forEachTenant` run went, tenant by tenant. */
export interface ForEachTenantReport {
  readonly succeeded: readonly string[];
  readonly failed: readonly { readonly tenantId: string; readonly error: unknown }[];
}

/**
 * Runs scheduled work once per active tenant, each run inside that tenant's context, one tenant
 * after another. A tenant's failure is logged and reported, and never stops the others. Use it
 * from a `@Cron()` method: `await this.tenants.forEachTenant('replenishment', () => this.suggest())`.
 */
@Injectable()
export class ForEachTenant {
  private readonly logger = new Logger('ForEachTenant');

  constructor(
    private readonly tenants: TenantContext,
    private readonly registry: TenantRegistry,
  ) {}

  async forEachTenant(
    job: string,
    work: (tenantId: string) => Promise<void> | void,
  ): Promise<ForEachTenantReport> {
    const succeeded: string[] = [];
    const failed: { tenantId: string; error: unknown }[] = [];
    for (const tenantId of await this.registry.listActive()) {
      try {
        await this.tenants.runForTenant(tenantId, () => work(tenantId));
        succeeded.push(tenantId);
      } catch (error) {
        failed.push({ tenantId, error });
        this.logger.error({
          msg: 'Scheduled work failed for a tenant; the others go on',
          job,
          tenantId,
          error: String(error),
        });
      }
    }
    return { succeeded, failed };
  }
}
