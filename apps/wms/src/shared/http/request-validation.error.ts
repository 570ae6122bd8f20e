import type { ValidationError as ClassValidatorError } from 'class-validator';
import { ValidationError } from '@ddd-kit/core';

/** One rejected field: where, and which rule with its constraint values. */
export interface FieldViolation {
  readonly field: string;
  readonly rule: string;
  readonly value?: unknown;
}

/**
 * Most violations one answer lists. A body can break a rule thousands of times (150,000 unknown
 * keys fit in the body limit); listing and localizing each one would hold the event loop for
 * seconds and send megabytes back. `count` still says how many there were.
 */
export const VIOLATIONS_LISTED_MAX = 50;

/**
 * A DTO that class-validator rejected. It becomes a 400 `VALIDATION_FAILED` whose `details` list
 * each field and rule (the first {@link VIOLATIONS_LISTED_MAX}); the filter localizes one message
 * per violation listed.
 */
export class RequestValidationError extends ValidationError {
  readonly violations: readonly FieldViolation[];

  constructor(violations: readonly FieldViolation[], count = violations.length) {
    super('VALIDATION_FAILED', { count });
    this.violations = violations.slice(0, VIOLATIONS_LISTED_MAX);
  }

  static of(errors: readonly ClassValidatorError[]): RequestValidationError {
    const listed: FieldViolation[] = [];
    const count = flatten(errors, '', listed);
    return new RequestValidationError(listed, count);
  }
}

// Lists violations into `listed` up to the maximum and counts them all.
function flatten(errors: readonly ClassValidatorError[], prefix: string, listed: FieldViolation[]): number {
  let count = 0;
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    for (const rule of Object.keys(error.constraints ?? {})) {
      if (listed.length < VIOLATIONS_LISTED_MAX) listed.push({ field, rule });
      count++;
    }
    count += flatten(error.children ?? [], field, listed);
  }
  return count;
}
