import { ForbiddenError, ValidationError } from '@ddd-kit/core';

/**
 * Tenant-scoped data was touched with no tenant in the context, outside `runAsSystem`. Raised by
 * every query and flush of a tenant-scoped entity: isolation fails closed, never open.
 */
export class TenantContextMissingError extends ForbiddenError {
  constructor(params: { entity?: string; operation?: string } = {}) {
    super('TENANT_CONTEXT_MISSING', params);
  }
}

/** A tenant-scoped request came without a tenant. HTTP 400. */
export class TenantRequiredError extends ValidationError {
  constructor() {
    super('TENANT_REQUIRED');
  }
}

/** A tenant id is malformed. HTTP 400. */
export class TenantIdInvalidError extends ValidationError {
  constructor(params: { maxLength: number }) {
    super('TENANT_ID_INVALID', params);
  }
}

/** The tenant is not in the registry, or is disabled. HTTP 403. */
export class TenantUnknownError extends ForbiddenError {
  constructor(tenantId: string) {
    super('TENANT_UNKNOWN', { tenantId });
  }
}

/**
 * Two sources disagree about the tenant (e.g. header and token), or a write targets a row of
 * another tenant than the context's. HTTP 403.
 */
export class TenantMismatchError extends ForbiddenError {
  constructor(params: Record<string, unknown> = {}) {
    super('TENANT_MISMATCH', params);
  }
}
