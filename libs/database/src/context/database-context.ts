import { Injectable } from '@nestjs/common';
import { EntityManager, RequestContext } from '@mikro-orm/core';
import { ForkResolver } from './fork-resolver.js';

/**
 * An identity map for work outside HTTP (jobs, consumers, cron). HTTP requests get one from the
 * request-context middleware; everything else opens one explicitly, so that no work ever shares
 * the global EntityManager.
 */
@Injectable()
export class DatabaseContext {
  constructor(
    private readonly em: EntityManager,
    private readonly forks: ForkResolver,
  ) {}

  /** Runs `fn` with a fresh identity map of its own. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    return RequestContext.create(this.em, fn);
  }

  /** Whether a database context (request or explicit) is active. */
  get isActive(): boolean {
    return RequestContext.getEntityManager(this.em.name) !== undefined || this.forks.inRequest;
  }
}
