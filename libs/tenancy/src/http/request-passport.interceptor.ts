import {
  Inject,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Observable, type Subscription } from 'rxjs';
import type { Passport } from '@ddd-kit/core';
import { TenantContext } from '../context/tenant-context.js';
import { assertTenantId } from '../context/tenant-id.js';
import { TenantMismatchError, TenantRequiredError, TenantUnknownError } from '../errors/tenant.errors.js';
import { TenantRegistry, type TenantRecord } from '../registry/tenant-registry.js';
import { RESOLVED_TENANCY_OPTIONS, type ResolvedTenancyOptions } from '../tenancy.options.js';
import type { IncomingRequest } from './passport-resolver.js';
import { passportFromHeaders } from './request-passport.js';
import { WITHOUT_TENANT } from './without-tenant.decorator.js';

interface Reply {
  header?(name: string, value: string): unknown;
  setHeader?(name: string, value: string): unknown;
}

type Found = Partial<Passport> | undefined;

/**
 * Runs every HTTP handler inside the passport of its request: tenant and actor from the
 * configured resolvers, correlation id, traceparent and locale from headers. The run lasts as
 * long as the handler's observable, so every await and callback of the request keeps it; nothing
 * is ever set globally. A tenant-scoped route without a tenant is refused with `TENANT_REQUIRED`,
 * a malformed id with `TENANT_ID_INVALID`, an unknown or disabled one with `TENANT_UNKNOWN`, and
 * resolvers that disagree with `TENANT_MISMATCH`.
 *
 * The passport is resolved synchronously when every resolver and the registry answer without a
 * promise (headers, subdomain, an in-memory registry), and awaited otherwise (a JWT, a registry
 * over a table): most requests pay for no promise hop.
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
    return new Observable((subscriber) => {
      let handled: Subscription | undefined;
      const handle = (passport: Passport) => {
        // Unsubscribed while the passport was awaited: the handler must not run.
        if (subscriber.closed) return;
        setHeader(http.getResponse<Reply>(), this.options.correlationHeader, passport.correlationId ?? '');
        handled = this.tenants.runWithPassport(passport, () => next.handle().subscribe(subscriber));
      };
      try {
        const passport = this.resolve(http.getRequest<IncomingRequest>(), withoutTenant === true);
        if (isPromiseLike(passport)) {
          Promise.resolve(passport)
            .then(handle)
            .catch((error: unknown) => subscriber.error(error));
        } else {
          handle(passport);
        }
      } catch (error) {
        subscriber.error(error);
      }
      return () => handled?.unsubscribe();
    });
  }

  // Resolvers run one after the other; from the first one that returns a promise on, the rest
  // of the resolution is awaited.
  private resolve(request: IncomingRequest, withoutTenant: boolean): Passport | PromiseLike<Passport> {
    const { resolvers } = this.options;
    const found: Found[] = [];
    for (let index = 0; index < resolvers.length; index++) {
      const result = resolvers[index]!.resolve(request);
      if (isPromiseLike(result)) return this.resolveRest(request, withoutTenant, found, result, index + 1);
      found.push(result);
    }
    return this.admit(request, withoutTenant, found);
  }

  private async resolveRest(
    request: IncomingRequest,
    withoutTenant: boolean,
    found: Found[],
    pending: PromiseLike<Found>,
    nextIndex: number,
  ): Promise<Passport> {
    found.push(await pending);
    const { resolvers } = this.options;
    for (let index = nextIndex; index < resolvers.length; index++) {
      found.push(await resolvers[index]!.resolve(request));
    }
    return this.admit(request, withoutTenant, found);
  }

  // The passport from the headers and what the resolvers found, once the tenant is checked.
  private admit(
    request: IncomingRequest,
    withoutTenant: boolean,
    found: Found[],
  ): Passport | PromiseLike<Passport> {
    const passport: { -readonly [K in keyof Passport]: Passport[K] } = passportFromHeaders(
      request,
      this.options.correlationHeader,
    );
    const tenants = new Set<string>();
    for (const fields of found) {
      if (fields?.tenantId !== undefined) tenants.add(fields.tenantId);
      if (fields?.actorId !== undefined) passport.actorId ??= fields.actorId;
    }
    if (tenants.size > 1) throw new TenantMismatchError({ sources: tenants.size });
    const [tenantId] = tenants;
    if (tenantId === undefined) {
      if (!withoutTenant) throw new TenantRequiredError();
      return passport;
    }
    assertTenantId(tenantId, this.options.tenantIdPattern);
    const withTenant = (tenant: TenantRecord | undefined): Passport => {
      if (!tenant?.active) throw new TenantUnknownError(tenantId);
      return { ...passport, tenantId };
    };
    const tenant = this.registry.lookup(tenantId);
    return isPromiseLike(tenant) ? tenant.then(withTenant) : withTenant(tenant);
  }
}

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | undefined)?.then === 'function';
}

function setHeader(reply: Reply, name: string, value: string): void {
  if (typeof reply.header === 'function') reply.header(name, value);
  else reply.setHeader?.(name, value);
}
