import type { ProjectorDefinition } from '../discovery/projector-definition.js';
import type { Position } from '../runtime/position.js';
import type { SourcedEvent } from '../runtime/sourced-event.js';

/** How far a projector trails its source. */
export interface ProjectorLag {
  /** Events it handles that it has not applied yet. */
  readonly events: number;
  /** Age of the oldest of them, in seconds; 0 when caught up. */
  readonly seconds: number;
}

/** A slice of history to replay (rebuilds). */
export interface HistoryRange {
  /** Only this tenant's events. */
  readonly tenantId?: string;
  /** Start after these positions (per partition); from the beginning where absent. */
  readonly after?: ReadonlyMap<string, Position>;
  /** Stop at these positions, inclusive; partitions absent here are not read. */
  readonly upTo: ReadonlyMap<string, Position>;
}

/**
 * Where projectors' events come from. The outbox and Kafka sources feed the same applier, so
 * handlers do not know which one runs.
 */
export abstract class ProjectionSource {
  abstract readonly kind: 'outbox' | 'kafka';

  /** Starts feeding these projectors in the background. */
  abstract start(projectors: readonly ProjectorDefinition[]): Promise<void>;

  /** Takes nothing new and lets the batches in flight commit. */
  abstract stop(): Promise<void>;

  abstract isRunning(projector: string): boolean;

  abstract lag(
    projector: ProjectorDefinition,
    checkpoints: ReadonlyMap<string, Position>,
  ): Promise<ProjectorLag>;

  /** The source's current head per partition, for the events this projector handles. */
  abstract head(projector: ProjectorDefinition, tenantId?: string): Promise<Map<string, Position>>;

  /**
   * Whether the projector, at these checkpoints, has applied every event it handles that the
   * transaction `txId` wrote (see `ConsistencyTokens`).
   */
  abstract hasPassed(
    projector: ProjectorDefinition,
    txId: string,
    checkpoints: ReadonlyMap<string, Position>,
  ): Promise<boolean>;

  /**
   * How many events `history` would hand over for this range: exact where the source can tell
   * (the outbox), an upper bound where it cannot filter by tenant (Kafka offsets).
   */
  abstract size(projector: ProjectorDefinition, range: HistoryRange): Promise<number>;

  /** Replays a range of history in batches, per partition in order. */
  abstract history(
    projector: ProjectorDefinition,
    range: HistoryRange,
    batchSize: number,
  ): AsyncIterable<SourcedEvent[]>;
}
