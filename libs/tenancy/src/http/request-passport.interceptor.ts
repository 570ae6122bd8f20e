import {
  Inject,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Observable, from, switchMap } from 'rxjs';
import type { Passport } from '@ddd-kit/core';
import { TenantContext } from '../context/tenant-context.js';
import { assertTenantId } from '../context/tenant-id.js';
import { TenantMismatchError, TenantRequiredError, TenantUnknownError } from '../errors/tenant.errors.js';
import { TenantRegistry } from '../registry/tenant-registry.js';
import { RESOLVED_TENANCY_OPTIONS, type ResolvedTenancyOptions } from '../tenancy.options.js';
import type { IncomingRequest } from './passport-resolver.js';
import { passportFromHeaders } from './request-passport.js';
import { WITHOUT_TENANT } from './without-tenant.decorator.js';

interface Reply {
  header?(name: string, value: string): unknown;
  setHeader?(name: string, value: string): unknown;
}

/**
 * Runs every HTTP handler inside the passport of its request: tenant and actor from the
 * configured resolvers, correlation id, traceparent and locale from headers. The run lasts as
 * long as the handler's observable, so every await and callback of the request keeps it; nothing
 * is ever set globally. A tenant-scoped route without a tenant is refused with `TENANT_REQUIRED`,
 * a malformed id with `TENANT_ID_INVALID`, an unknown or disabled one with `TENANT_UNKNOWN`, and
 * resolvers that disagree with `TENANT_MISMATCH`.
 */
@Injectable()
export class RequestPassportInterceptor implements NestInterceptor {
  constructor(
    private readonly tenants: TenantContext,
    private readonly reflector: Reflector,
    @Inject(RESOLVED_TENANCY_OPTIONS) private readonly options: ResolvedTenancyOptions,
    private readonly registry: TenantRegistry,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const withoutTenant = this.reflector.getAllAndOverride<boolean | undefined>(WITHOUT_TENANT, [
      context.getHandler(),
      context.getClass(),
    ]);
    return from(this.resolve(http.getRequest<IncomingRequest>(), withoutTenant === true)).pipe(
      switchMap((passport) => {
        setHeader(http.getResponse<Reply>(), this.options.correlationHeader, passport.correlationId ?? '');
        return new Observable((subscriber) =>
          this.tenants.runWithPassport(passport, () => next.handle().subscribe(subscriber)),
        );
      }),
    );
  }

  private async resolve(request: IncomingRequest, withoutTenant: boolean): Promise<Passport> {
    const passport: { -readonly [K in keyof Passport]: Passport[K] } = passportFromHeaders(
      request,
      this.options.correlationHeader,
    );
    const tenants = new Set<string>();
    for (const resolver of this.options.resolvers) {
      const found = await resolver.resolve(request);
      if (found?.tenantId !== undefined) tenants.add(found.tenantId);
      if (found?.actorId !== undefined) passport.actorId ??= found.actorId;
    }
    if (tenants.size > 1) throw new TenantMismatchError({ sources: tenants.size });
    const [tenantId] = tenants;
    if (tenantId === undefined) {
      if (!withoutTenant) throw new TenantRequiredError();
      return passport;
    }
    assertTenantId(tenantId, this.options.tenantIdPattern);
    const tenant = await this.registry.find(tenantId);
    if (!tenant?.active) throw new TenantUnknownError(tenantId);
    return { ...passport, tenantId };
  }
}

function setHeader(reply: Reply, name: string, value: string): void {
  if (typeof reply.header === 'function') reply.header(name, value);
  else reply.setHeader?.(name, value);
}
