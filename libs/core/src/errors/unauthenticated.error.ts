import { DddError, type ErrorKind, type ErrorParams } from './ddd.error.js';

/** The caller's credentials are missing, malformed, expired or forged. HTTP answers 401. */
export class UnauthenticatedError extends DddError {
  readonly kind: ErrorKind = 'unauthenticated';

  constructor(code = 'UNAUTHENTICATED', params?: ErrorParams, options?: { cause?: unknown }) {
    super(code, params, options);
  }
}
