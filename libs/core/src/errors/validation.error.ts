import { DddError, type ErrorKind, type ErrorParams } from './ddd.error.js';

/** The input is malformed or out of range. Nothing was read or written because of it. */
export class ValidationError extends DddError {
  readonly kind: ErrorKind = 'validation';

  constructor(code = 'VALIDATION_FAILED', params?: ErrorParams, options?: { cause?: unknown }) {
    super(code, params, options);
  }
}
