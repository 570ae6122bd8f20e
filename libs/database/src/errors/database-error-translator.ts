import { Inject, Injectable } from '@nestjs/common';
import { RESOLVED_DATABASE_OPTIONS } from '../database.constants.js';
import type { ResolvedDatabaseOptions } from '../database.options.js';
import { translateDatabaseError } from './translate-database-error.js';

/** {@link translateDatabaseError} with the module's constraint-to-code map. */
@Injectable()
export class DatabaseErrorTranslator {
  constructor(@Inject(RESOLVED_DATABASE_OPTIONS) private readonly options: ResolvedDatabaseOptions) {}

  /** The ddd-kit error for a database error; anything else unchanged. */
  translate(error: unknown): unknown {
    return translateDatabaseError(error, this.options.uniqueViolationCodes);
  }
}
