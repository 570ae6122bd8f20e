import { DddError, type ErrorKind, type ErrorParams } from './ddd.error.js';

/**
 * A business rule was broken, e.g. `INSUFFICIENT_STOCK`. Subclass it per rule so that the code
 * and params are declared once, next to the rule.
 */
export class DomainError extends DddError {
  readonly kind: ErrorKind = 'domain';

  constructor(code: string, params?: ErrorParams, options?: { cause?: unknown }) {
    super(code, params, options);
  }
}
