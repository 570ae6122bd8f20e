import { DddError, type ErrorKind, type ErrorParams } from './ddd.error.js';

/** The request clashes with the current state, e.g. a unique code is already taken. */
export class ConflictError extends DddError {
  readonly kind: ErrorKind = 'conflict';

  constructor(code = 'CONFLICT', params?: ErrorParams, options?: { cause?: unknown }) {
    super(code, params, options);
  }
}
