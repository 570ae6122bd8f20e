/**
 * An object defined by its identity rather than its attributes. The id property is declared by
 * the concrete class (and mapped by the persistence layer); this base adds identity equality.
 */
export abstract class Entity<TId = string> {
  /** The identity. Declared, not initialized, here so that subclasses and ORMs own the field. */
  abstract readonly id: TId;

  /** Same class and same id. An entity without an id yet equals only itself. */
  equals(other: Entity<TId> | null | undefined): boolean {
    if (other === null || other === undefined) return false;
    if (other === this) return true;
    if (this.id === undefined || this.id === null) return false;
    return other.constructor === this.constructor && other.id === this.id;
  }
}
