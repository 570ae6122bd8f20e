import { ValidationPipe } from '@nestjs/common';
import { RequestValidationError } from './request-validation.error.js';

/**
 * DTO validation for every route: unknown fields are rejected (not silently dropped), values are
 * converted to the DTO's types, and failures become `RequestValidationError` for the filter.
 */
export function wmsValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => RequestValidationError.of(errors),
  });
}
