import { Injectable } from '@nestjs/common';
import { LockMode, type EntityClass, type FindOptions, type QueryOrderMap } from '@mikro-orm/core';
import {
  aggregateTypeOf,
  NotFoundError,
  Page,
  Specification,
  type AggregateRoot,
  type PageRequest,
} from '@ddd-kit/core';
import { SOFT_DELETE_FILTER } from '../database.constants.js';
import { FullAuditedAggregateRoot } from '../entities/full-audited-aggregate-root.js';
import { RepositoryContext } from './repository-context.js';

/** Options of read methods. */
export interface ReadOptions {
  /** Include soft-deleted aggregates. @default false */
  readonly withDeleted?: boolean;
}

/** Options of {@link AggregateRepository.getForUpdate}. */
export interface LockOptions {
  /** Skip a row another transaction has locked (`FOR UPDATE SKIP LOCKED`) instead of waiting. */
  readonly skipLocked?: boolean;
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * MikroORM types its filters through a conditional over the entity's indexes, which TypeScript
 * cannot resolve for a generic `T`; filters built here are cast to this once.
 */
type GenericWhere = never;

/**
 * Base of domain repositories: extend it per aggregate, declare `entity` and `sortable`, and add
 * named finders. Business code sees only these methods, never the EntityManager. Writes need a
 * running unit of work; nothing here flushes, the unit of work does.
 *
 * @example
 * ```ts
 * @Injectable()
 * export class MikroSkuRepository extends AggregateRepository<Sku> implements SkuRepository {
 *   protected readonly entity = Sku;
 *   protected override readonly sortable = ['code', 'name'] as const;
 *   findByCode(code: string) { return this.findOne(Specification.where({ code }, (s) => s.code === code)); }
 * }
 * ```
 */
@Injectable()
export abstract class AggregateRepository<T extends AggregateRoot<unknown> & object> {
  /** The aggregate class this repository loads and stores. */
  protected abstract readonly entity: EntityClass<T>;

  /** Fields a caller may sort by; anything else is rejected before SQL runs. */
  protected readonly sortable: readonly string[] = [];

  constructor(protected readonly context: RepositoryContext) {}

  /** Infrastructure access for named finders in subclasses. */
  protected get em() {
    return this.context.em;
  }

  /**
   * The aggregate with this id.
   * @throws NotFoundError when it does not exist (or is soft-deleted).
   */
  async get(id: T['id'], options: ReadOptions = {}): Promise<T> {
    const found = await this.context.guard<T | null>(() =>
      this.em.findOne(this.entity, id, this.findOptions(options)),
    );
    // The identity map can hold an aggregate soft-deleted earlier in this unit of work.
    if (!found || (!options.withDeleted && isSoftDeleted(found))) {
      throw NotFoundError.of(aggregateTypeOf(this.entity), id);
    }
    return found;
  }

  /** The first aggregate satisfying the specification, or `null`. */
  findOne(spec: Specification<T>, options: ReadOptions = {}): Promise<T | null> {
    return this.context.guard(() =>
      this.em.findOne(this.entity, this.where(spec), this.findOptions(options)),
    );
  }

  /** Every aggregate satisfying the specification. Prefer `findPage` for unbounded sets. */
  find(spec: Specification<T> = Specification.all(), options: ReadOptions = {}): Promise<T[]> {
    return this.context.guard(() => this.em.find(this.entity, this.where(spec), this.findOptions(options)));
  }

  /**
   * One page of the aggregates satisfying the specification, sorted by whitelisted fields.
   * @throws ValidationError `SORT_FIELD_NOT_ALLOWED` before any SQL when a sort field is not in `sortable`.
   */
  async findPage(
    spec: Specification<T> | undefined,
    page: PageRequest,
    options: ReadOptions = {},
  ): Promise<Page<T>> {
    page.assertSortable(this.sortable);
    const where = this.where(spec ?? Specification.all());
    const items = await this.context.guard(() =>
      this.em.find(this.entity, where, {
        ...this.findOptions(options),
        orderBy: this.orderBy(page),
        limit: page.size,
        offset: page.offset,
      }),
    );
    // A short, non-empty page (or an empty first page) already tells the total: skip the count.
    const total =
      items.length < page.size && (items.length > 0 || page.offset === 0)
        ? page.offset + items.length
        : await this.count(spec, options);
    return Page.of(items, total, page);
  }

  /** How many aggregates satisfy the specification. */
  count(spec: Specification<T> = Specification.all(), options: ReadOptions = {}): Promise<number> {
    return this.context.guard(() => this.em.count(this.entity, this.where(spec), this.findOptions(options)));
  }

  /** Whether an aggregate with this id, or satisfying this specification, exists. */
  async exists(idOrSpec: T['id'] | Specification<T>, options: ReadOptions = {}): Promise<boolean> {
    const where = idOrSpec instanceof Specification ? this.where(idOrSpec) : (idOrSpec as GenericWhere);
    const count = await this.context.guard(() =>
      this.em.count(this.entity, where, this.findOptions(options)),
    );
    return count > 0;
  }

  /** Adds a new aggregate; it is inserted when the unit of work flushes. */
  add(aggregate: T): void {
    this.context.assertInUnitOfWork(`${this.constructor.name}.add`);
    this.em.persist(aggregate);
  }

  /**
   * Removes an aggregate. Soft-deletable aggregates are marked (`deletedAt`, `deletedBy`) and
   * keep their row; others are deleted when the unit of work flushes.
   */
  remove(aggregate: T): void {
    this.context.assertInUnitOfWork(`${this.constructor.name}.remove`);
    if (aggregate instanceof FullAuditedAggregateRoot) {
      const marked = aggregate as Writable<FullAuditedAggregateRoot<unknown>>;
      marked.deletedAt = new Date();
      marked.deletedBy = this.context.actorId;
    } else {
      this.em.remove(aggregate);
    }
  }

  /**
   * The aggregate with this id, locked `FOR UPDATE` until the unit of work ends. With
   * `skipLocked`, a row locked by another transaction yields `null` instead of waiting.
   * @throws NotFoundError when it does not exist.
   */
  getForUpdate(id: T['id']): Promise<T>;
  getForUpdate(id: T['id'], options: LockOptions & { skipLocked: true }): Promise<T | null>;
  getForUpdate(id: T['id'], options?: LockOptions): Promise<T | null>;
  async getForUpdate(id: T['id'], options: LockOptions = {}): Promise<T | null> {
    this.context.assertInUnitOfWork(`${this.constructor.name}.getForUpdate`);
    const lockMode = options.skipLocked ? LockMode.PESSIMISTIC_PARTIAL_WRITE : LockMode.PESSIMISTIC_WRITE;
    // refresh: a copy already in the identity map must be re-read under the lock.
    const found = await this.context.guard<T | null>(() =>
      this.em.findOne(this.entity, id, { lockMode, refresh: true } as FindOptions<T>),
    );
    if (found || options.skipLocked) return found;
    throw NotFoundError.of(aggregateTypeOf(this.entity), id);
  }

  /**
   * Soft-deletes every aggregate satisfying the specification in one UPDATE, for bulk clean-ups
   * inside infrastructure. Aggregates already loaded are not refreshed.
   * @returns the number of rows marked.
   */
  protected softDeleteMatching(spec: Specification<T>): Promise<number> {
    this.context.assertInUnitOfWork(`${this.constructor.name}.softDeleteMatching`);
    if (!(this.entity.prototype instanceof FullAuditedAggregateRoot)) {
      throw new TypeError(`${this.entity.name} is not soft-deletable`);
    }
    const now = new Date();
    const changes = {
      deletedAt: now,
      deletedBy: this.context.actorId,
      updatedAt: now,
      updatedBy: this.context.actorId,
    };
    return this.context.guard(() => this.em.nativeUpdate(this.entity, this.where(spec), changes as never));
  }

  /** The specification as a MikroORM filter. */
  protected where(spec: Specification<T>): GenericWhere {
    return spec.toFilter() as GenericWhere;
  }

  private findOptions(options: ReadOptions): FindOptions<T> {
    const findOptions: FindOptions<T> = options.withDeleted
      ? { filters: { [SOFT_DELETE_FILTER]: false } }
      : {};
    return findOptions;
  }

  // Sorted by the requested keys, then by primary key so that pages never overlap.
  private orderBy(page: PageRequest): QueryOrderMap<T>[] {
    const primaryKeys = this.em.getMetadata().get(this.entity).primaryKeys as string[];
    const keys = page.sort.map(({ field, direction }) => ({ [field]: direction }));
    for (const pk of primaryKeys) {
      if (!page.sort.some(({ field }) => field === pk)) keys.push({ [pk]: 'asc' });
    }
    return keys as QueryOrderMap<T>[];
  }
}

function isSoftDeleted(entity: object): boolean {
  return entity instanceof FullAuditedAggregateRoot && entity.isDeleted;
}
