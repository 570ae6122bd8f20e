import type { MetadataStorage } from '@mikro-orm/core';
import { AggregateRoot, findAggregateType } from '@ddd-kit/core';

/**
 * Fails at bootstrap, not at the first flush, when a mapped aggregate lacks `@Aggregate(...)`:
 * its events would have no stable aggregate type for outbox rows and topics.
 */
export function assertAggregatesNamed(metadata: MetadataStorage): void {
  const unnamed = [...metadata.getAll().values()]
    .filter((meta) => !meta.abstract && meta.class && meta.class.prototype instanceof AggregateRoot)
    .filter((meta) => findAggregateType(meta.class) === undefined)
    .map((meta) => meta.className);
  if (unnamed.length > 0) {
    throw new TypeError(`Aggregates without @Aggregate('<type>'): ${unnamed.join(', ')}`);
  }
}
