import type { ValidationError as ClassValidatorError } from 'class-validator';
import { ValidationError } from '@ddd-kit/core';

/** One rejected field: where, and which rule with its constraint values. */
export interface FieldViolation {
  readonly field: string;
  readonly rule: string;
  readonly value?: unknown;
}

/**
 * A DTO that class-validator rejected. It becomes a 400 `VALIDATION_FAILED` whose `details` list
 * each field and rule; the filter localizes one message per violation.
 */
export class RequestValidationError extends ValidationError {
  constructor(readonly violations: readonly FieldViolation[]) {
    super('VALIDATION_FAILED', { count: violations.length });
  }

  static of(errors: readonly ClassValidatorError[]): RequestValidationError {
    return new RequestValidationError(flatten(errors, ''));
  }
}

function flatten(errors: readonly ClassValidatorError[], prefix: string): FieldViolation[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.keys(error.constraints ?? {}).map((rule) => ({ field, rule }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
