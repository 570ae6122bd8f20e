import { Entity, Filter, Property } from '@mikro-orm/decorators/legacy';
import { SOFT_DELETE_FILTER } from '../database.constants.js';
import { AuditedAggregateRoot } from './audited-aggregate-root.js';

/**
 * An audited aggregate that is soft-deleted: removing it through its repository sets
 * `deletedAt`/`deletedBy` instead of deleting the row, and a default filter hides deleted rows
 * from every query. Repositories offer `withDeleted` to see them.
 */
@Entity({ abstract: true })
@Filter({ name: SOFT_DELETE_FILTER, cond: { deletedAt: null }, default: true })
export abstract class FullAuditedAggregateRoot<TId = string> extends AuditedAggregateRoot<TId> {
  /** When the aggregate was soft-deleted; `null` while it is live. */
  @Property({ type: 'datetime', nullable: true })
  readonly deletedAt?: Date | null;

  /** Actor that soft-deleted the aggregate, when known. */
  @Property({ type: 'string', nullable: true })
  readonly deletedBy?: string | null;

  /** Whether the aggregate has been soft-deleted. */
  get isDeleted(): boolean {
    return this.deletedAt !== null && this.deletedAt !== undefined;
  }
}
