import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import { ConcurrencyConflictError } from '@ddd-kit/core';
import { DatabaseErrorTranslator } from '../errors/database-error-translator.js';
import { InProcessEventPublisher } from '../events/in-process-event-publisher.js';
import type { UnitOfWorkOptions } from './unit-of-work.options.js';
import { UnitOfWorkScope } from './unit-of-work-scope.js';

/**
 * One unit of work per command, message or job: one MikroORM fork and one transaction. Nested
 * calls join the outer unit of work. The callback's flushes collect domain events and hand them
 * to the event sinks inside the transaction; after the commit the events go to in-process
 * subscribers. An exception rolls everything back and the events are gone.
 */
@Injectable()
export class UnitOfWork {
  // Our own AsyncLocalStorage rather than nestjs-cls: the scope must live exactly as long as the
  // transaction, not as long as the surrounding request.
  private readonly scopes = new AsyncLocalStorage<UnitOfWorkScope>();

  constructor(
    private readonly em: EntityManager,
    private readonly publisher: InProcessEventPublisher,
    @Inject(DatabaseErrorTranslator) private readonly errors: DatabaseErrorTranslator,
  ) {}

  /** Whether a unit of work is running in this async context. */
  get isActive(): boolean {
    return this.scopes.getStore() !== undefined;
  }

  /** The running unit of work's scope, if any. Used by the event collector. */
  currentScope(): UnitOfWorkScope | undefined {
    return this.scopes.getStore();
  }

  /**
   * Runs `fn` in a unit of work, or inside the running one when called from within it. The
   * transaction commits when `fn` resolves and rolls back when it throws. Database errors come
   * out translated into the ddd-kit error taxonomy.
   */
  async run<T>(fn: () => Promise<T>, options: UnitOfWorkOptions = {}): Promise<T> {
    if (this.isActive) return fn();
    const attempts = 1 + Math.max(0, options.retryOnConflict ?? 0);
    for (let attempt = 1; ; attempt++) {
      const scope = new UnitOfWorkScope();
      try {
        const result = await this.scopes.run(scope, () =>
          this.em.transactional(fn, {
            // A clean fork per attempt: a retry must not see the entities of the failed one.
            clear: true,
            ...(options.isolationLevel ? { isolationLevel: options.isolationLevel } : {}),
          }),
        );
        this.publisher.publish(scope.events);
        return result;
      } catch (error) {
        const translated = this.errors.translate(error);
        if (!(translated instanceof ConcurrencyConflictError) || attempt >= attempts) throw translated;
        await sleep(retryDelay(attempt));
      }
    }
  }
}

/** Exponential backoff with full jitter: 0–10 ms, 0–20 ms, 0–40 ms… capped at 500 ms. */
function retryDelay(attempt: number): number {
  return Math.random() * Math.min(500, 10 * 2 ** (attempt - 1));
}
