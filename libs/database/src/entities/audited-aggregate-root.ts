import { Entity, Property } from '@mikro-orm/decorators/legacy';
import { VersionedAggregateRoot } from './versioned-aggregate-root.js';

/**
 * A versioned aggregate with audit fields, filled at flush: the timestamps by MikroORM's
 * `onCreate`/`onUpdate`, the actors by `AuditStamper` from the current passport. Domain code never
 * sets them.
 */
@Entity({ abstract: true })
export abstract class AuditedAggregateRoot<TId = string> extends VersionedAggregateRoot<TId> {
  /** When the row was inserted. */
  @Property({ type: 'datetime', onCreate: () => new Date() })
  readonly createdAt!: Date;

  /** When the row last changed. */
  @Property({ type: 'datetime', onCreate: () => new Date(), onUpdate: () => new Date() })
  readonly updatedAt!: Date;

  /** Actor that inserted the row, when known. */
  @Property({ type: 'string', nullable: true })
  readonly createdBy?: string | null;

  /** Actor that last changed the row, when known. */
  @Property({ type: 'string', nullable: true })
  readonly updatedBy?: string | null;
}
