import type { EntityManager } from '@mikro-orm/core';
import type { EventMetadata } from '@ddd-kit/core';

/**
 * What a projection handler gets beside the typed event. Everything it writes through `em` or
 * `execute` commits together with the projector's checkpoint, so the effect is exactly once.
 */
export interface ProjectionContext {
  /** The projector's name. */
  readonly projector: string;
  readonly eventId: string;
  readonly metadata: Readonly<EventMetadata>;
  /** Source partition and position of the event, e.g. `outbox` and `812:40211`. */
  readonly partition: string;
  readonly position: string;
  /** True while a rebuild replays history into fresh tables. */
  readonly rebuilding: boolean;
  /** The transaction's EntityManager; the applier flushes it after the handler. */
  readonly em: EntityManager;
  /**
   * Runs SQL in the transaction and returns its rows, e.g. an upsert. Name tables without a
   * schema: during a rebuild they resolve to the fresh copies.
   */
  execute<T extends object = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
}
