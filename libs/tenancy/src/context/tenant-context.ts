import { Injectable } from '@nestjs/common';
import { ClsService, ClsServiceManager } from 'nestjs-cls';
import { passportOfCause, type EventEnvelope, type Passport } from '@ddd-kit/core';
import { PassportContext } from '@ddd-kit/database';
import { TenantContextMissingError } from '../errors/tenant.errors.js';
import { assertTenantId } from './tenant-id.js';

// A symbol, not a dotted string: see PassportContext.
const SYSTEM_KEY = Symbol('ddd-kit:tenancy-system');

/** Whose data the running work may see: one tenant's, or every tenant's (system work). */
export type TenantScope =
  { readonly kind: 'tenant'; readonly tenantId: string } | { readonly kind: 'system' };

/**
 * The tenant of the running work. The tenant lives in the passport (so the database and outbox
 * libraries see it without this module); this service adds the scoped runs and the system flag.
 * There is no setter: a tenant is in force exactly for the duration of `runForTenant`'s callback,
 * and every async hop inside it (AsyncLocalStorage) keeps it.
 */
@Injectable()
export class TenantContext {
  constructor(
    private readonly passport: PassportContext,
    private readonly cls: ClsService,
  ) {}

  /**
   * For code that cannot be injected (decorators wrapping methods): the same context over the
   * process-wide nestjs-cls instance.
   */
  static fromCls(): TenantContext {
    const cls = ClsServiceManager.getClsService();
    return new TenantContext(new PassportContext(cls), cls);
  }

  /**
   * Runs `fn` for one tenant, with the rest of `passport` merged over the current passport.
   * @throws TenantIdInvalidError when the id is malformed
   */
  runForTenant<T>(tenantId: string, fn: () => T, passport: Omit<Passport, 'tenantId'> = {}): T {
    assertTenantId(tenantId);
    return this.enter({ ...passport, tenantId }, false, fn);
  }

  /**
   * Runs `fn` as the system: tenant filters are off and every tenant's rows are visible. Writes
   * must name their tenant explicitly. Keep these runs small and deliberate.
   */
  runAsSystem<T>(fn: () => T): T {
    return this.enter({ tenantId: undefined }, true, fn);
  }

  /**
   * Runs `fn` under a whole passport, e.g. restored from a message or a job: for its tenant
   * when it has one, otherwise with no tenant (tenant-scoped data then fails closed).
   */
  runWithPassport<T>(passport: Passport, fn: () => T): T {
    if (passport.tenantId) return this.runForTenant(passport.tenantId, fn, passport);
    return this.enter({ ...passport, tenantId: undefined }, false, fn);
  }

  /** Runs `fn` as work caused by `event`: its tenant, actor and trace, causation = the event. */
  runForEvent<T>(event: Pick<EventEnvelope, 'eventId' | 'metadata'>, fn: () => T): T {
    return this.runWithPassport(passportOfCause(event), fn);
  }

  /** The current tenant, if any. */
  tenantId(): string | undefined {
    return this.passport.current().tenantId;
  }

  /** Whether the running work is system work (inside `runAsSystem`). */
  isSystem(): boolean {
    return this.cls.isActive() && this.cls.get<boolean | undefined>(SYSTEM_KEY) === true;
  }

  /** The current passport, for propagation (jobs, messages). */
  currentPassport(): Passport {
    return this.passport.current();
  }

  /**
   * Whose rows the running work may touch.
   * @throws TenantContextMissingError with neither a tenant nor `runAsSystem`
   */
  scope(details: { entity?: string; operation?: string } = {}): TenantScope {
    if (this.isSystem()) return { kind: 'system' };
    const tenantId = this.tenantId();
    if (!tenantId) throw new TenantContextMissingError(details);
    return { kind: 'tenant', tenantId };
  }

  /**
   * The current tenant.
   * @throws TenantContextMissingError when there is none (system work included)
   */
  requireTenantId(): string {
    const tenantId = this.tenantId();
    if (!tenantId) throw new TenantContextMissingError();
    return tenantId;
  }

  /**
   * A key prefix that separates tenants, for caches and locks: `t:<tenant>:`, or `system:`.
   * @throws TenantContextMissingError with neither a tenant nor `runAsSystem`
   */
  keyNamespace(): string {
    const scope = this.scope({ operation: 'cache' });
    return scope.kind === 'system' ? 'system:' : `t:${scope.tenantId}:`;
  }

  /**
   * The tenant predicate for hand-written SQL, which MikroORM's filter does not reach:
   * `tenant_id = ?` with its parameter, or `true` for system work.
   * @throws TenantContextMissingError with neither a tenant nor `runAsSystem`
   */
  sqlPredicate(alias?: string): { readonly sql: string; readonly params: readonly string[] } {
    const scope = this.scope({ operation: 'native-sql' });
    if (scope.kind === 'system') return { sql: 'true', params: [] };
    const column = alias ? `"${alias.replaceAll('"', '""')}"."tenant_id"` : '"tenant_id"';
    return { sql: `${column} = ?`, params: [scope.tenantId] };
  }

  // Every scoped run goes through here: the passport, and the system flag set for that run only.
  private enter<T>(passport: Passport, system: boolean, fn: () => T): T {
    return this.passport.run(passport, () => {
      this.cls.set(SYSTEM_KEY, system);
      return fn();
    });
  }
}
