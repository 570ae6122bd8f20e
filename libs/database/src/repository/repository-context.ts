import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import { PassportContext } from '../context/passport-context.js';
import { DatabaseErrorTranslator } from '../errors/database-error-translator.js';
import { UnitOfWork } from '../unit-of-work/unit-of-work.js';
import { UnitOfWorkRequiredError } from './unit-of-work-required.error.js';

/**
 * What every aggregate repository needs, injected as one dependency so that repositories with
 * their own constructor only pass it through.
 */
@Injectable()
export class RepositoryContext {
  constructor(
    /** Resolves to the running unit of work's fork, or the request's. Infrastructure only. */
    readonly em: EntityManager,
    private readonly errors: DatabaseErrorTranslator,
    private readonly passport: PassportContext,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /** The acting user of the current passport. */
  get actorId(): string | null {
    return this.passport.current().actorId ?? null;
  }

  /** Runs a database call and translates its errors into the ddd-kit taxonomy. */
  async guard<R>(call: () => Promise<R>): Promise<R> {
    try {
      return await call();
    } catch (error) {
      throw this.errors.translate(error);
    }
  }

  /** Writes only make sense inside a unit of work: outside one, nothing would flush them. */
  assertInUnitOfWork(operation: string): void {
    if (!this.unitOfWork.isActive) throw new UnitOfWorkRequiredError(operation);
  }
}
