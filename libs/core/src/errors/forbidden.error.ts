import { DddError, type ErrorKind, type ErrorParams } from './ddd.error.js';

/** The caller is known but may not do this. */
export class ForbiddenError extends DddError {
  readonly kind: ErrorKind = 'forbidden';

  constructor(code = 'FORBIDDEN', params?: ErrorParams, options?: { cause?: unknown }) {
    super(code, params, options);
  }
}
