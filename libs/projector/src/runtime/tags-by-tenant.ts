import type { Passport } from '@ddd-kit/core';
import { exactly } from './event-passport.js';

/** Cache tags to drop after a commit, with the passport whose namespace they live in. */
export interface PendingInvalidation {
  readonly passport: Passport;
  readonly tags: readonly string[];
}

/** Cache tags gathered per tenant, each once, for one invalidation call per tenant. */
export class TagsByTenant {
  private readonly byTenant = new Map<string, { tenantId: string | undefined; tags: Set<string> }>();

  add(invalidations: readonly PendingInvalidation[]): this {
    for (const { passport, tags } of invalidations) {
      const key = passport.tenantId ?? '';
      const entry = this.byTenant.get(key) ?? { tenantId: passport.tenantId, tags: new Set<string>() };
      for (const tag of tags) entry.tags.add(tag);
      this.byTenant.set(key, entry);
    }
    return this;
  }

  /** One entry per tenant, under that tenant alone. */
  invalidations(): PendingInvalidation[] {
    return [...this.byTenant.values()].map(({ tenantId, tags }) => ({
      passport: exactly(tenantId ? { tenantId } : {}),
      tags: [...tags],
    }));
  }
}
