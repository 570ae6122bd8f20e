import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import type { Passport } from '@ddd-kit/core';

// A symbol: nestjs-cls reads dotted string keys as paths into nested objects, which nested runs
// share (their store is a shallow copy), so an inner run would overwrite the outer passport.
const PASSPORT_KEY = Symbol('ddd-kit:passport');

/**
 * The current passport (tenant, actor, correlation…), held by nestjs-cls in AsyncLocalStorage.
 * It is only ever set for the duration of a callback (`run`); there is no global setter, so a
 * passport can never leak into unrelated work. The tenancy module builds `runForTenant` and
 * `runAsSystem` on top of it; the database and outbox libraries only read it.
 */
@Injectable()
export class PassportContext {
  constructor(private readonly cls: ClsService) {}

  /** The passport of the running work; empty outside any context. */
  current(): Passport {
    return (this.cls.isActive() ? this.cls.get<Passport | undefined>(PASSPORT_KEY) : undefined) ?? {};
  }

  /**
   * Runs `fn` with `passport` merged over the current one. Nested runs inherit what they do not
   * override; the outer passport is back in place when `fn` settles.
   */
  run<T>(passport: Passport, fn: () => T): T {
    const merged = Object.freeze({ ...this.current(), ...passport });
    return this.cls.run({ ifNested: 'inherit' }, () => {
      this.cls.set(PASSPORT_KEY, merged);
      return fn();
    });
  }
}
