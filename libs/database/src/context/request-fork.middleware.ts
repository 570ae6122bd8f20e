import { Injectable, type NestMiddleware } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import { ForkResolver } from './fork-resolver.js';

/**
 * Gives every HTTP request an identity map of its own, as MikroORM's request-context middleware
 * does, but forks it only when the request first reads or writes outside a unit of work.
 */
@Injectable()
export class RequestForkMiddleware implements NestMiddleware {
  constructor(
    private readonly em: EntityManager,
    private readonly forks: ForkResolver,
  ) {}

  use(_request: unknown, _response: unknown, next: () => void): void {
    this.forks.runRequest(this.em, next);
  }
}
