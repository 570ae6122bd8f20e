import type { Type } from '@nestjs/common';
import { HeaderTenantResolver } from './http/header-tenant.resolver.js';
import type { PassportResolver } from './http/passport-resolver.js';
import { TENANT_ID_PATTERN } from './context/tenant-id.js';
import type { TenantRegistry } from './registry/tenant-registry.js';

/** Options of `TenancyModule`. */
export interface TenancyModuleOptions {
  /**
   * Where HTTP requests name their tenant and actor, asked in order; all that answer must agree
   * on the tenant. @default [new HeaderTenantResolver('x-tenant-id')]
   */
  readonly resolvers?: readonly PassportResolver[];
  /**
   * The tenants that exist. With one, unknown and disabled tenants are refused and
   * `forEachTenant` works; without one, any well-formed id is accepted.
   */
  readonly registry?: TenantRegistry | Type<TenantRegistry>;
  /** Accepted tenant ids. @default /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/ */
  readonly tenantIdPattern?: RegExp;
  /** Header carrying the correlation id, in and out. @default 'x-correlation-id' */
  readonly correlationHeader?: string;
}

export type ResolvedTenancyOptions = Required<Omit<TenancyModuleOptions, 'registry'>>;

export const RESOLVED_TENANCY_OPTIONS = Symbol('ddd-kit:resolved-tenancy-options');

/** Applies defaults, once. */
export function resolveTenancyOptions(options: TenancyModuleOptions): ResolvedTenancyOptions {
  return {
    resolvers: options.resolvers ?? [new HeaderTenantResolver()],
    tenantIdPattern: options.tenantIdPattern ?? TENANT_ID_PATTERN,
    correlationHeader: (options.correlationHeader ?? 'x-correlation-id').toLowerCase(),
  };
}
