import { DddError, type ErrorKind, type ErrorParams } from './ddd.error.js';

/**
 * A backing service (database, broker, cache) cannot be reached. Nothing was committed; the
 * caller may retry later. HTTP answers 503.
 */
export class InfrastructureUnavailableError extends DddError {
  readonly kind: ErrorKind = 'infrastructure-unavailable';

  constructor(code = 'INFRASTRUCTURE_UNAVAILABLE', params?: ErrorParams, options?: { cause?: unknown }) {
    super(code, params, options);
  }
}
