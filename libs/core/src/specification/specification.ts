import type { Filter } from './filter.js';

/**
 * A business rule about candidates of type `T`, usable both in memory (`isSatisfiedBy`) and as a
 * database query (`toFilter`). Keep the two in agreement: a test should check both on the same
 * data. Beware SQL's three-valued logic: `not` over a nullable column excludes NULL rows in SQL,
 * so state NULL handling in the filter explicitly when it matters.
 */
export abstract class Specification<T> {
  /** Whether the candidate meets the rule, evaluated in memory. */
  abstract isSatisfiedBy(candidate: T): boolean;

  /** The same rule as a plain filter object for the database. */
  abstract toFilter(): Filter<T>;

  /** Both rules hold. */
  and(other: Specification<T>): Specification<T> {
    return new AndSpecification([this, other]);
  }

  /** Either rule holds. */
  or(other: Specification<T>): Specification<T> {
    return new OrSpecification([this, other]);
  }

  /** The rule does not hold. */
  not(): Specification<T> {
    return new NotSpecification(this);
  }

  /** A specification that every candidate satisfies. */
  static all<T>(): Specification<T> {
    return new AllSpecification<T>();
  }

  /** An ad-hoc specification from a filter and the equivalent predicate. */
  static where<T>(filter: Filter<T>, predicate: (candidate: T) => boolean): Specification<T> {
    return new InlineSpecification(filter, predicate);
  }
}

class AllSpecification<T> extends Specification<T> {
  isSatisfiedBy(): boolean {
    return true;
  }
  toFilter(): Filter<T> {
    return {};
  }
}

class InlineSpecification<T> extends Specification<T> {
  constructor(
    private readonly filter: Filter<T>,
    private readonly predicate: (candidate: T) => boolean,
  ) {
    super();
  }
  isSatisfiedBy(candidate: T): boolean {
    return this.predicate(candidate);
  }
  toFilter(): Filter<T> {
    return this.filter;
  }
}

class AndSpecification<T> extends Specification<T> {
  constructor(private readonly parts: readonly Specification<T>[]) {
    super();
  }
  isSatisfiedBy(candidate: T): boolean {
    return this.parts.every((part) => part.isSatisfiedBy(candidate));
  }
  toFilter(): Filter<T> {
    return { $and: this.parts.map((part) => part.toFilter()) } as Filter<T>;
  }
  // Flatten chains so `a.and(b).and(c)` becomes one $and.
  override and(other: Specification<T>): Specification<T> {
    return new AndSpecification([...this.parts, other]);
  }
}

class OrSpecification<T> extends Specification<T> {
  constructor(private readonly parts: readonly Specification<T>[]) {
    super();
  }
  isSatisfiedBy(candidate: T): boolean {
    return this.parts.some((part) => part.isSatisfiedBy(candidate));
  }
  toFilter(): Filter<T> {
    return { $or: this.parts.map((part) => part.toFilter()) } as Filter<T>;
  }
  override or(other: Specification<T>): Specification<T> {
    return new OrSpecification([...this.parts, other]);
  }
}

class NotSpecification<T> extends Specification<T> {
  constructor(private readonly inner: Specification<T>) {
    super();
  }
  isSatisfiedBy(candidate: T): boolean {
    return !this.inner.isSatisfiedBy(candidate);
  }
  toFilter(): Filter<T> {
    return { $not: this.inner.toFilter() } as Filter<T>;
  }
  override not(): Specification<T> {
    return this.inner;
  }
}
