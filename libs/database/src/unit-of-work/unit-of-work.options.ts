import type { IsolationLevel } from '@mikro-orm/core';

/** Options of one unit of work (`UnitOfWork.run` or `@Transactional`). */
export interface UnitOfWorkOptions {
  /**
   * Re-run the whole unit of work when it fails with `ConcurrencyConflictError` (optimistic lock,
   * deadlock, serialization failure). The callback must be safe to repeat: it reloads what it
   * needs through repositories. `0` disables retries.
   * @default 0
   */
  readonly retryOnConflict?: number;
  /** Transaction isolation level. @default the database default (READ COMMITTED) */
  readonly isolationLevel?: IsolationLevel;
}
