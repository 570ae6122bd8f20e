import { SetMetadata } from '@nestjs/common';

export const WITHOUT_TENANT = Symbol('ddd-kit:without-tenant');

/**
 * Lets a route (or every route of a controller) run without a tenant: health, metrics, login.
 * A tenant the request names is still resolved and validated; tenant-scoped data stays closed
 * when there is none.
 */
export const WithoutTenant = (): ClassDecorator & MethodDecorator => SetMetadata(WITHOUT_TENANT, true);
