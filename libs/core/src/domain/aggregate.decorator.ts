const AGGREGATE_TYPE = Symbol.for('ddd-kit:aggregate-type');
const TYPE_PATTERN = /^[a-z0-9]+(?:[.-][a-z0-9]+)*$/;

/**
 * Declares an aggregate's stable type name, e.g. `@Aggregate('wms.stock-item')`. Events, outbox
 * rows and default topics use it. It only sets metadata, so it stacks with the ORM's own mapping
 * (`@Entity()` or an `EntitySchema`) and the aggregate is named once.
 */
export function Aggregate(type: string): ClassDecorator {
  if (!TYPE_PATTERN.test(type)) {
    throw new TypeError(`Aggregate type "${type}" must be lower-case words joined by "." or "-"`);
  }
  return (target) => {
    Object.defineProperty(target, AGGREGATE_TYPE, { value: type, enumerable: false });
  };
}

/**
 * The declared type name of an aggregate class, or `undefined`. A subclass inherits the type of
 * its parent unless it declares its own (single-table inheritance keeps one stream).
 */
export function findAggregateType(aggregateClass: object): string | undefined {
  return (aggregateClass as Partial<Record<typeof AGGREGATE_TYPE, string>>)[AGGREGATE_TYPE];
}

/** The declared type name of an aggregate class; throws when it lacks {@link Aggregate}. */
export function aggregateTypeOf(aggregateClass: object): string {
  const type = findAggregateType(aggregateClass);
  if (type === undefined) {
    const name = (aggregateClass as { name?: string }).name ?? 'anonymous';
    throw new TypeError(`${name} has no @Aggregate(...): declare a stable type name for it`);
  }
  return type;
}
