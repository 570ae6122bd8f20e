import { ValueObject, ValidationError } from '@ddd-kit/core';

/** Largest quantity the API accepts in one line. */
export const QUANTITY_MAX = 1_000_000_000;

/** A count of units: a whole number, never negative. */
export class Quantity extends ValueObject<{ value: number }> {
  static readonly ZERO = new Quantity({ value: 0 });

  /** A positive quantity from input. @throws ValidationError INVALID_QUANTITY */
  static positive(value: number): Quantity {
    if (!Number.isSafeInteger(value) || value <= 0 || value > QUANTITY_MAX)
      throw new ValidationError('INVALID_QUANTITY', { quantity: value });
    return new Quantity({ value });
  }

  /** A stored amount (zero allowed). */
  static of(value: number): Quantity {
    if (!Number.isSafeInteger(value) || value < 0)
      throw new ValidationError('INVALID_QUANTITY', { quantity: value });
    return new Quantity({ value });
  }

  get value(): number {
    return this.props.value;
  }

  plus(other: Quantity): Quantity {
    return Quantity.of(this.value + other.value);
  }

  /** @throws ValidationError when the result would be negative; callers check first. */
  minus(other: Quantity): Quantity {
    return Quantity.of(this.value - other.value);
  }

  isLessThan(other: Quantity): boolean {
    return this.value < other.value;
  }

  min(other: Quantity): Quantity {
    return this.value <= other.value ? this : other;
  }
}
