// @ddd-kit/tenancy: row-level multi-tenancy that fails closed and follows every async hop.
export { TenancyModule } from './tenancy.module.js';
export { TENANCY_MODULE_OPTIONS } from './tenancy.module-definition.js';
export type { TenancyModuleOptions } from './tenancy.options.js';
export { TenantContext, type TenantScope } from './context/tenant-context.js';
export { TENANT_ID_PATTERN, assertTenantId } from './context/tenant-id.js';
export {
  TenantContextMissingError,
  TenantRequiredError,
  TenantIdInvalidError,
  TenantUnknownError,
  TenantMismatchError,
} from './errors/tenant.errors.js';
export { TenantId, tenantPropertyOf } from './entities/tenant-id.decorator.js';
export { TENANT_FILTER } from './entities/tenant-filter.js';
export { TenantRegistry, StaticTenantRegistry, type TenantRecord } from './registry/tenant-registry.js';
export type { PassportResolver, IncomingRequest } from './http/passport-resolver.js';
export { HeaderTenantResolver } from './http/header-tenant.resolver.js';
export { SubdomainTenantResolver } from './http/subdomain-tenant.resolver.js';
export { JwtPassportResolver, type JwtPassportResolverOptions } from './http/jwt-passport.resolver.js';
export { WithoutTenant } from './http/without-tenant.decorator.js';
export { ForEachTenant, type ForEachTenantReport } from './jobs/for-each-tenant.js';
export { TenantAwareProcessor } from './jobs/tenant-aware-processor.decorator.js';
export { JOB_PASSPORT_KEY, jobPassport } from './jobs/job-passport.js';
export { passportLogFields } from './logging/passport-log-fields.js';
