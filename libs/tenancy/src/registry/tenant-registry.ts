/** A tenant as the registry knows it. */
export interface TenantRecord {
  readonly id: string;
  /** Disabled tenants are refused at the edge and skipped by `forEachTenant`. */
  readonly active: boolean;
}

/**
 * Where tenants are listed. Optional for request resolution (without one, any well-formed id is
 * accepted); needed by `forEachTenant`. Implement it over your tenants table or directory, with
 * whatever caching suits you.
 */
export abstract class TenantRegistry {
  /** The tenant with this id, or `undefined` when there is none. */
  abstract find(tenantId: string): Promise<TenantRecord | undefined>;

  /** Ids of the active tenants. */
  abstract listActive(): Promise<string[]>;

  /**
   * `find`, answered synchronously when the registry needs no I/O for it (an in-memory list, a
   * cache hit), which keeps request handling free of a promise hop. Defaults to `find`.
   */
  lookup(tenantId: string): TenantRecord | undefined | Promise<TenantRecord | undefined> {
    return this.find(tenantId);
  }
}

/** A registry over a fixed list, for tests, demos and single-digit tenant counts. */
export class StaticTenantRegistry extends TenantRegistry {
  private readonly tenants: ReadonlyMap<string, TenantRecord>;

  constructor(tenants: readonly (string | TenantRecord)[]) {
    super();
    this.tenants = new Map(
      tenants
        .map((tenant) => (typeof tenant === 'string' ? { id: tenant, active: true } : tenant))
        .map((t) => [t.id, t]),
    );
  }

  async find(tenantId: string): Promise<TenantRecord | undefined> {
    return this.tenants.get(tenantId);
  }

  override lookup(tenantId: string): TenantRecord | undefined {
    return this.tenants.get(tenantId);
  }

  async listActive(): Promise<string[]> {
    return [...this.tenants.values()].filter((tenant) => tenant.active).map((tenant) => tenant.id);
  }
}

/**
 * What stands in when no registry is configured: every well-formed tenant id is accepted, and
 * there is no list to iterate.
 */
export class UnlistedTenantRegistry extends TenantRegistry {
  async find(tenantId: string): Promise<TenantRecord> {
    return this.lookup(tenantId);
  }

  override lookup(tenantId: string): TenantRecord {
    return { id: tenantId, active: true };
  }

  async listActive(): Promise<string[]> {
    throw new TypeError('forEachTenant needs a tenant list: configure TenancyModule with a `registry`');
  }
}
