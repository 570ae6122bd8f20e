import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { assertInputShape, type InputLimits } from './input-shape.js';
import { RequestValidationError } from './request-validation.error.js';

/**
 * DTO validation for every route: unknown fields are rejected (not silently dropped), values are
 * converted to the DTO's types, and failures become `RequestValidationError` for the filter, with
 * the first rule each field breaks. The input's shape is checked first (`assertInputShape`).
 */
class WmsValidationPipe extends ValidationPipe {
  constructor(private readonly limits: InputLimits) {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      // One violation per field, and a list's items are not validated once the list itself is
      // refused (501 lines are not worth validating one by one).
      stopAtFirstError: true,
      exceptionFactory: (errors) => RequestValidationError.of(errors),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    assertInputShape(value, metadata.data ?? metadata.type, this.limits);
    return super.transform(value, metadata);
  }
}

/** The app's global validation pipe; `limits.itemsMax` is the longest list any route accepts. */
export function wmsValidationPipe(limits: InputLimits = {}): ValidationPipe {
  return new WmsValidationPipe(limits);
}
