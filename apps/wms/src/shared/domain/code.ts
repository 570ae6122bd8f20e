import { ValueObject, ValidationError } from '@ddd-kit/core';

/** 1–64 characters of `[A-Za-z0-9._-]`, as every business code (SKU, location, reference). */
export const CODE_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/** A business code (SKU, location, reference): 1–64 characters of `[A-Za-z0-9._-]`. */
export abstract class Code extends ValueObject<{ value: string }> {
  get value(): string {
    return this.props.value;
  }

  override toString(): string {
    return this.props.value;
  }

  protected static check(field: string, value: string): string {
    if (!CODE_PATTERN.test(value)) throw new ValidationError('INVALID_CODE', { field, value });
    return value;
  }
}

/** A SKU's code, unique per tenant. */
export class SkuCode extends Code {
  static of(value: string): SkuCode {
    return new SkuCode({ value: Code.check('sku', value) });
  }
}

/** A location's code, unique per tenant. */
export class LocationCode extends Code {
  static of(value: string): LocationCode {
    return new LocationCode({ value: Code.check('location', value) });
  }
}

/** A document's business reference (receipt, order), unique per tenant and document kind. */
export class Reference extends Code {
  static of(value: string): Reference {
    return new Reference({ value: Code.check('reference', value) });
  }
}
