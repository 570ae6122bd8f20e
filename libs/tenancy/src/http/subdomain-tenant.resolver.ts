import type { Passport } from '@ddd-kit/core';
import { headerValue, type IncomingRequest, type PassportResolver } from './passport-resolver.js';

/**
 * Reads the tenant from the subdomain under a base domain: `acme.wms.example.com` with base
 * domain `wms.example.com` is tenant `acme`. Hosts outside the base domain, the bare base domain
 * and deeper subdomains resolve nothing.
 */
export class SubdomainTenantResolver implements PassportResolver {
  private readonly suffix: string;

  constructor(baseDomain: string) {
    this.suffix = `.${baseDomain.toLowerCase().replace(/^\./, '')}`;
  }

  resolve(request: IncomingRequest): Partial<Passport> | undefined {
    const host = (request.hostname ?? headerValue(request, 'host') ?? '').toLowerCase().replace(/:\d+$/, '');
    if (!host.endsWith(this.suffix)) return undefined;
    const subdomain = host.slice(0, -this.suffix.length);
    return subdomain && !subdomain.includes('.') ? { tenantId: subdomain } : undefined;
  }
}
