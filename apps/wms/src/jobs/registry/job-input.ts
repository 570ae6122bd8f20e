import type { Type } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validate } from 'class-validator';
import { RequestValidationError } from '../../shared/http/request-validation.error.js';

/** One field of a job type's input, as `GET /api/v1/jobs/types` lists it. */
export interface JobInputField {
  readonly required: boolean;
  /** The class-validator rules with their constraints, e.g. `isInt`, `min: 1`. */
  readonly rules: readonly string[];
}

/**
 * A summary of an input class, read from its class-validator rules: the rules that are enforced
 * are the ones documented, so the two cannot drift apart.
 */
export function describeJobInput(input: Type<object>): Record<string, JobInputField> {
  const storage = getMetadataStorage();
  const fields: Record<string, { required: boolean; rules: string[] }> = {};
  // Fields come in order of declaration; decorators apply bottom-up, so a field's rules come reversed.
  for (const rule of storage.getTargetValidationMetadatas(input, '', true, false)) {
    const field = (fields[rule.propertyName] ??= { required: true, rules: [] });
    if (rule.name === 'isOptional') field.required = false;
    else if (rule.name) field.rules.unshift(formatRule(rule.name, rule.constraints));
  }
  return fields;
}

/**
 * The input as an instance of its class, or a 400 `VALIDATION_FAILED` whose details name each
 * rejected field under `input.` (unknown fields included).
 */
export async function validateJobInput<T extends object>(input: Type<T>, value: unknown): Promise<T> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RequestValidationError([{ field: 'input', rule: 'isObject' }]);
  }
  const instance = plainToInstance(input, value);
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) {
    const rejected = RequestValidationError.of(errors);
    throw new RequestValidationError(
      rejected.violations.map((violation) => ({ ...violation, field: `input.${violation.field}` })),
      Number(rejected.params['count']),
    );
  }
  return instance;
}

function formatRule(name: string, constraints: unknown): string {
  if (!Array.isArray(constraints) || constraints.length === 0) return name;
  const shown = constraints
    .filter((constraint) => typeof constraint !== 'function' && typeof constraint !== 'object')
    .concat(constraints.filter(Array.isArray).map((values: unknown[]) => values.join(' | ')));
  return shown.length > 0 ? `${name}: ${shown.map(String).join(', ')}` : name;
}
