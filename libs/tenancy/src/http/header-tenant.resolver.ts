import type { Passport } from '@ddd-kit/core';
import { headerValue, type IncomingRequest, type PassportResolver } from './passport-resolver.js';

/** Reads the tenant from a request header, `x-tenant-id` by default. */
export class HeaderTenantResolver implements PassportResolver {
  constructor(private readonly header = 'x-tenant-id') {}

  resolve(request: IncomingRequest): Partial<Passport> | undefined {
    const tenantId = headerValue(request, this.header);
    return tenantId === undefined ? undefined : { tenantId };
  }
}
