import { structurallyEqual } from './structural-equality.js';

/**
 * An immutable value defined by its attributes, e.g. `Quantity` or `SkuCode`. Subclasses validate
 * in a static factory and expose what they need from `props`.
 */
export abstract class ValueObject<TProps extends object> {
  protected readonly props: Readonly<TProps>;

  protected constructor(props: TProps) {
    this.props = Object.freeze({ ...props });
  }

  /** Same class and structurally equal props. */
  equals(other: ValueObject<TProps> | null | undefined): boolean {
    if (other === null || other === undefined) return false;
    if (other === this) return true;
    return other.constructor === this.constructor && structurallyEqual(this.props, other.props);
  }
}
