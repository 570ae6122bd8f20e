import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ClsServiceManager } from 'nestjs-cls';
import { firstValueFrom, Observable } from 'rxjs';
import type { Passport } from '@ddd-kit/core';
import { HeaderTenantResolver, TenantContext, TenantRegistry, type TenantRecord } from '@ddd-kit/tenancy';
import { RequestPassportInterceptor } from '../src/http/request-passport.interceptor.js';
import type { PassportResolver } from '../src/http/passport-resolver.js';
import { resolveTenancyOptions } from '../src/tenancy.options.js';

/** A registry over a table would answer only through `find`, asynchronously. */
class AsyncOnlyRegistry extends TenantRegistry {
  async find(tenantId: string): Promise<TenantRecord | undefined> {
    await new Promise((resolve) => setImmediate(resolve));
    return tenantId === 'acme' ? { id: 'acme', active: true } : undefined;
  }

  async listActive(): Promise<string[]> {
    return ['acme'];
  }
}

/** A resolver that awaits, like the JWT one. */
const asyncActor: PassportResolver = {
  resolve: async () => ({ actorId: 'user-1' }),
};

function httpContext(headers: Record<string, string>): {
  context: ExecutionContext;
  sent: Map<string, string>;
} {
  const sent = new Map<string, string>();
  const request = { headers };
  const reply = { header: (name: string, value: string) => sent.set(name, value) };
  const context = {
    getType: () => 'http',
    getHandler: () => httpContext,
    getClass: () => AsyncOnlyRegistry,
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }),
  } as unknown as ExecutionContext;
  return { context, sent };
}

describe('RequestPassportInterceptor', () => {
  const tenants = TenantContext.fromCls();
  // The handler reports the passport it runs under.
  const handler: CallHandler = {
    handle: () => new Observable<Passport>((subscriber) => subscriber.next(tenants.currentPassport())),
  };
  const interceptor = (registry: TenantRegistry, resolvers: PassportResolver[]) =>
    new RequestPassportInterceptor(tenants, new Reflector(), resolveTenancyOptions({ resolvers }), registry);

  it('awaits a registry that only implements find, and a resolver that returns a promise', async () => {
    const { context, sent } = httpContext({ 'x-tenant-id': 'acme', 'x-correlation-id': 'corr-1' });
    const passport = await firstValueFrom(
      interceptor(new AsyncOnlyRegistry(), [new HeaderTenantResolver(), asyncActor]).intercept(
        context,
        handler,
      ),
    );
    expect(ClsServiceManager.getClsService().isActive()).toBe(false);
    expect(passport).toMatchObject({ tenantId: 'acme', actorId: 'user-1', correlationId: 'corr-1' });
    expect(sent.get('x-correlation-id')).toBe('corr-1');
  });

  it('refuses an unknown tenant found asynchronously, and a missing one synchronously, as errors', async () => {
    const unknown = interceptor(new AsyncOnlyRegistry(), [new HeaderTenantResolver()]);
    await expect(
      firstValueFrom(unknown.intercept(httpContext({ 'x-tenant-id': 'globex' }).context, handler)),
    ).rejects.toMatchObject({ code: 'TENANT_UNKNOWN' });
    // Thrown while resolving synchronously, it still arrives as the observable's error.
    const missing = unknown.intercept(httpContext({}).context, handler);
    await expect(firstValueFrom(missing)).rejects.toMatchObject({ code: 'TENANT_REQUIRED' });
  });

  it('does not run the handler when unsubscribed while the passport is awaited', async () => {
    let ran = false;
    const observed: CallHandler = { handle: () => new Observable(() => void (ran = true)) };
    const subscription = interceptor(new AsyncOnlyRegistry(), [new HeaderTenantResolver()])
      .intercept(httpContext({ 'x-tenant-id': 'acme' }).context, observed)
      .subscribe();
    subscription.unsubscribe();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ran).toBe(false);
  });
});
