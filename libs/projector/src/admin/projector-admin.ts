import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@ddd-kit/database';
import { ProjectorCatalog } from '../discovery/projector-catalog.js';
import { ProjectionApplier } from '../runtime/projection-applier.js';
import { laneOf } from '../runtime/sourced-event.js';
import { ProjectionStore, type ParkedEvent } from '../store/projection-store.js';

/** Which parked events to look at. */
export interface ParkedEventFilter {
  readonly aggregateType?: string;
  readonly aggregateId?: string;
}

/** Operations on parked events: list them, and retry their lanes once the fault is fixed. */
@Injectable()
export class ProjectorAdmin {
  constructor(
    private readonly catalog: ProjectorCatalog,
    private readonly store: ProjectionStore,
    private readonly applier: ProjectionApplier,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /** @throws ProjectorNotFoundError */
  parked(projector: string, filter: ParkedEventFilter = {}): Promise<ParkedEvent[]> {
    this.catalog.get(projector);
    return this.unitOfWork.run(() => this.store.parked(projector, filter));
  }

  /**
   * Re-applies parked lanes in order. A lane stops at its first event that fails again and keeps
   * waiting; other lanes go on.
   * @returns how many events were applied
   * @throws ProjectorNotFoundError
   */
  async retry(projector: string, filter: ParkedEventFilter = {}): Promise<number> {
    const definition = this.catalog.get(projector);
    const lanes = new Map<string, ParkedEventFilter>();
    for (const { aggregateType, aggregateId } of await this.parked(projector, filter))
      lanes.set(laneOf({ aggregateType, aggregateId }), { aggregateType, aggregateId });
    let applied = 0;
    for (const lane of lanes.values()) {
      // Read the lane again after each pass: the projector may have parked newer events behind.
      for (;;) {
        const events = await this.parked(projector, lane);
        if (events.length === 0) break;
        const retried = await this.applier.retryParked(
          definition,
          events.map((event) => event.envelope),
        );
        applied += retried;
        if (retried < events.length) break;
      }
    }
    return applied;
  }
}
