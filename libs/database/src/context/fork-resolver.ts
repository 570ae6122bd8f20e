import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { RequestContext, TransactionContext, type EntityManager } from '@mikro-orm/core';
import type { UnitOfWorkScope } from '../unit-of-work/unit-of-work-scope.js';

/**
 * An HTTP request's identity map, forked on first use. A request that only runs a unit of work
 * never reads through it, so it never pays for a fork it would not use.
 */
class RequestFork {
  private fork: EntityManager | undefined;
  private forking = false;

  constructor(readonly root: EntityManager) {}

  /**
   * The request's fork, created now if nothing asked for it before. `undefined` while it is being
   * created: MikroORM's EntityManager constructor resolves its own context, and must then get
   * itself, as it does when MikroORM's middleware forks before entering the request context.
   */
  get(): EntityManager | undefined {
    if (this.fork || this.forking) return this.fork;
    this.forking = true;
    try {
      // Forked from the root itself: resolving a parent through the context would land back here.
      return (this.fork = this.root.fork({ useContext: true, disableContextResolution: true }));
    } finally {
      this.forking = false;
    }
  }

  /** The fork, if something already asked for it. */
  peek(): EntityManager | undefined {
    return this.fork;
  }

  /** Makes `em` the request's fork when it has none yet. */
  adopt(em: EntityManager): void {
    this.fork ??= em;
  }
}

/**
 * Decides which fork the injected (global) EntityManager stands for, as MikroORM's `context`
 * option: the running unit of work's fork, else a MikroORM request context (`DatabaseContext`,
 * `@CreateRequestContext`), else the HTTP request's lazily created fork. MikroORM's own
 * transaction context (`em.transactional`) comes first in any case.
 *
 * It replaces two layers per command: MikroORM's request-context middleware, which forked on
 * every request, and the transactional fork's own async context. One instance per application.
 */
@Injectable()
export class ForkResolver {
  private readonly requests = new AsyncLocalStorage<RequestFork>();
  private readonly units = new AsyncLocalStorage<UnitOfWorkScope>();

  /** MikroORM's `context` option. An arrow function: MikroORM calls it unbound. */
  readonly resolve = (name: string): EntityManager | undefined => {
    const unit = this.units.getStore()?.em;
    if (unit?.name === name) return unit;
    const explicit = RequestContext.getEntityManager(name);
    if (explicit) return explicit;
    const request = this.requests.getStore();
    return request?.root.name === name ? request.get() : undefined;
  };

  /** Runs an HTTP request's handling with an identity map of its own, forked from `root` on first use. */
  runRequest<T>(root: EntityManager, next: () => T): T {
    return this.requests.run(new RequestFork(root), next);
  }

  /** Whether an HTTP request's context is active. */
  get inRequest(): boolean {
    return this.requests.getStore() !== undefined;
  }

  /** Runs `fn` inside a unit of work's scope. */
  runUnit<T>(scope: UnitOfWorkScope, fn: () => T): T {
    return this.units.run(scope, fn);
  }

  /** The running unit of work's scope, if any. */
  currentUnit(): UnitOfWorkScope | undefined {
    return this.units.getStore();
  }

  /**
   * Whether a unit of work may take a fork of `root` for itself, resolved through this resolver,
   * rather than go through `em.transactional`. Only when nothing it could join or would have to
   * merge its entities into exists yet: no open transaction, no explicit context, no request fork
   * anyone has used. And only when MikroORM resolves its context here (an app may replace it).
   */
  canForkDirectly(root: EntityManager): boolean {
    return (
      root.config.get('context') === this.resolve &&
      TransactionContext.getEntityManager(root.name) === undefined &&
      RequestContext.getEntityManager(root.name) === undefined &&
      this.requests.getStore()?.peek() === undefined
    );
  }

  /**
   * After a unit of work that forked directly has committed: its fork becomes the request's, as
   * `em.transactional` would have merged the entities into it, so reads later in the request see
   * the same instances.
   */
  adoptIntoRequest(fork: EntityManager): void {
    const request = this.requests.getStore();
    if (request?.root.name === fork.name) request.adopt(fork);
  }
}
