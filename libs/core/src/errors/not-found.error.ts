import { DddError, type ErrorKind, type ErrorParams } from './ddd.error.js';

/**
 * The requested thing does not exist, or the caller may not know that it does: another tenant's
 * row is reported as not found, never as forbidden.
 */
export class NotFoundError extends DddError {
  readonly kind: ErrorKind = 'not-found';

  constructor(code = 'NOT_FOUND', params?: ErrorParams, options?: { cause?: unknown }) {
    super(code, params, options);
  }

  /** `NOT_FOUND` for an entity type and id. */
  static of(entity: string, id: unknown): NotFoundError {
    return new NotFoundError('NOT_FOUND', { entity, id });
  }
}
