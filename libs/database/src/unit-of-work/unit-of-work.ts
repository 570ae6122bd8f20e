import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import { ConcurrencyConflictError } from '@ddd-kit/core';
import { ForkResolver } from '../context/fork-resolver.js';
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
  constructor(
    private readonly em: EntityManager,
    private readonly publisher: InProcessEventPublisher,
    @Inject(DatabaseErrorTranslator) private readonly errors: DatabaseErrorTranslator,
    // The scope lives in the resolver's AsyncLocalStorage rather than nestjs-cls: it must last
    // exactly as long as the transaction, not as long as the surrounding request.
    private readonly forks: ForkResolver,
  ) {}

  /** Whether a unit of work is running in this async context. */
  get isActive(): boolean {
    return this.forks.currentUnit() !== undefined;
  }

  /** The running unit of work's scope, if any. Used by the event collector. */
  currentScope(): UnitOfWorkScope | undefined {
    return this.forks.currentUnit();
  }

  /**
   * Runs `fn` in a unit of work, or inside the running one when called from within it. The
   * transaction commits when `fn` resolves and rolls back when it throws. Database errors come
   * out translated into the ddd-kit error taxonomy.
   */
  async run<T>(fn: () => Promise<T>, options: UnitOfWorkOptions = {}): Promise<T> {
    if (this.isActive) return fn();
    const attempts = 1 + Math.max(0, options.retryOnConflict ?? 0);
    const isolation = options.isolationLevel ? { isolationLevel: options.isolationLevel } : {};
    for (let attempt = 1; ; attempt++) {
      try {
        // A clean fork per attempt: a retry must not see the entities of the failed one.
        const { result, scope } = this.forks.canForkDirectly(this.em)
          ? await this.runOnOwnFork(fn, isolation)
          : await this.runTransactional(fn, isolation);
        this.publisher.publish(scope.events);
        return result;
      } catch (error) {
        const translated = this.errors.translate(error);
        if (!(translated instanceof ConcurrencyConflictError) || attempt >= attempts) throw translated;
        await sleep(retryDelay(attempt));
      }
    }
  }

  /**
   * The common case, a command in an HTTP request or in no context at all: a fork of the root
   * that the global EntityManager resolves to through the scope, and a transaction begun and
   * committed on it. Cheaper than `em.transactional`, which forks from the request's fork (one
   * fork more, with a copy of the event manager), opens an async context of its own and merges
   * the entities back at the end.
   */
  private async runOnOwnFork<T>(fn: () => Promise<T>, isolation: Isolation): Promise<Attempt<T>> {
    const fork = this.em.fork({ clear: true, disableContextResolution: true });
    const scope = new UnitOfWorkScope(fork);
    const result = await this.forks.runUnit(scope, async () => {
      await fork.begin(isolation);
      try {
        const value = await fn();
        await fork.commit(); // flushes first
        return value;
      } catch (error) {
        await rollBack(fork);
        throw error;
      }
    });
    this.forks.adoptIntoRequest(fork);
    return { result, scope };
  }

  /**
   * Inside a transaction or an explicit database context, or once the request's fork has been
   * used: MikroORM's transactional fork, which joins an open transaction (as a savepoint) and
   * merges its entities back into the context it came from.
   */
  private async runTransactional<T>(fn: () => Promise<T>, isolation: Isolation): Promise<Attempt<T>> {
    const scope = new UnitOfWorkScope();
    const result = await this.forks.runUnit(scope, () =>
      this.em.transactional(fn, { clear: true, ...isolation }),
    );
    return { result, scope };
  }
}

type Isolation = Pick<UnitOfWorkOptions, 'isolationLevel'>;

interface Attempt<T> {
  readonly result: T;
  readonly scope: UnitOfWorkScope;
}

/**
 * Rolls back what is still open. A failing rollback (the connection died) must not hide why the
 * unit of work failed; MikroORM's `transactional` swallows it the same way.
 */
async function rollBack(fork: EntityManager): Promise<void> {
  if (!fork.isInTransaction()) return;
  try {
    await fork.rollback();
  } catch {
    // The original error is the one to report; the pool discards the broken connection.
  }
}

/** Exponential backoff with full jitter: 0–10 ms, 0–20 ms, 0–40 ms… capped at 500 ms. */
function retryDelay(attempt: number): number {
  return Math.random() * Math.min(500, 10 * 2 ** (attempt - 1));
}
