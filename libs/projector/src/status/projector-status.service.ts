import { Injectable } from '@nestjs/common';
import { ProjectorCatalog } from '../discovery/projector-catalog.js';
import type { ProjectorDefinition } from '../discovery/projector-definition.js';
import { ProjectionSource, type ProjectorLag } from '../sources/projection-source.js';
import { ProjectionStore } from '../store/projection-store.js';
import { parsePosition } from '../runtime/position.js';

/** One source partition of a projector. */
export interface PartitionStatus {
  readonly partition: string;
  readonly position: string;
  readonly eventsApplied: number;
  readonly lastEventAt: Date | null;
  readonly updatedAt: Date;
}

/** Where a projector stands, for operations and the status API. */
export interface ProjectorStatus {
  readonly name: string;
  readonly source: 'outbox' | 'kafka';
  /** Whether this process runs it. */
  readonly running: boolean;
  readonly partitions: readonly PartitionStatus[];
  readonly lag: ProjectorLag;
  /** Events parked (failed, or waiting behind a failed one). */
  readonly parked: number;
  readonly lastError: { readonly message: string; readonly at: Date } | null;
}

interface CheckpointRow {
  source_partition: string;
  position: string;
  events_applied: string;
  last_event_at: Date | null;
  updated_at: Date;
  last_error: string | null;
  last_error_at: Date | null;
}

/** Position, lag and errors of every projector, read from the tables all instances share. */
@Injectable()
export class ProjectorStatusService {
  constructor(
    private readonly catalog: ProjectorCatalog,
    private readonly source: ProjectionSource,
    private readonly store: ProjectionStore,
  ) {}

  async all(): Promise<ProjectorStatus[]> {
    return Promise.all(this.catalog.all().map((projector) => this.of(projector)));
  }

  /** @throws ProjectorNotFoundError */
  async get(name: string): Promise<ProjectorStatus> {
    return this.of(this.catalog.get(name));
  }

  private async of(projector: ProjectorDefinition): Promise<ProjectorStatus> {
    const rows = await this.store.query<CheckpointRow>(
      `select source_partition, position, events_applied::text as events_applied, last_event_at, updated_at,
              last_error, last_error_at
         from projector_checkpoints where projector = ? order by source_partition`,
      [projector.name],
    );
    const [{ parked } = { parked: 0 }] = await this.store.query<{ parked: number }>(
      'select count(*)::int as parked from projector_parked_events where projector = ?',
      [projector.name],
    );
    const checkpoints = new Map(rows.map((row) => [row.source_partition, parsePosition(row.position)]));
    const lag = await this.source.lag(projector, checkpoints);
    const errored = rows.find((row) => row.last_error !== null && row.last_error_at !== null);
    return {
      name: projector.name,
      source: this.source.kind,
      running: this.source.isRunning(projector.name),
      partitions: rows.map((row) => ({
        partition: row.source_partition,
        position: row.position,
        eventsApplied: Number(row.events_applied),
        lastEventAt: row.last_event_at && new Date(row.last_event_at),
        updatedAt: new Date(row.updated_at),
      })),
      lag: lag.seconds === 0 && lag.events > 0 ? { events: lag.events, seconds: secondsSince(rows) } : lag,
      parked,
      lastError: errored ? { message: errored.last_error!, at: new Date(errored.last_error_at!) } : null,
    };
  }
}

// Sources that cannot date their backlog (Kafka): time since the projector last moved.
function secondsSince(rows: readonly CheckpointRow[]): number {
  const last = Math.max(0, ...rows.map((row) => new Date(row.updated_at).getTime()));
  return last === 0 ? 0 : Math.max(0, (Date.now() - last) / 1000);
}
