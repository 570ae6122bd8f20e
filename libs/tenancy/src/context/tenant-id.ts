import { TenantIdInvalidError } from '../errors/tenant.errors.js';

/** Tenant ids: 1–64 characters, letters, digits, `.`, `_` and `-`, starting with a letter or digit. */
export const TENANT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * Checks a tenant id's format and length before it goes anywhere near a query, a cache key or a
 * log line.
 * @throws TenantIdInvalidError
 */
export function assertTenantId(
  tenantId: unknown,
  pattern: RegExp = TENANT_ID_PATTERN,
): asserts tenantId is string {
  if (typeof tenantId !== 'string' || !pattern.test(tenantId))
    throw new TenantIdInvalidError({ maxLength: 64 });
}
