import type { ErrorKind, ErrorParams } from './ddd.error.js';
import { ConflictError } from './conflict.error.js';

/**
 * Someone else changed the aggregate since it was loaded (optimistic lock), or a lock could not
 * be taken. Retrying the whole unit of work may succeed.
 */
export class ConcurrencyConflictError extends ConflictError {
  override readonly kind: ErrorKind = 'concurrency-conflict';

  constructor(code = 'CONCURRENCY_CONFLICT', params?: ErrorParams, options?: { cause?: unknown }) {
    super(code, params, options);
  }
}
