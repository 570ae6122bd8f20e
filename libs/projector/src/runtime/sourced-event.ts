import type { EventEnvelope } from '@ddd-kit/core';
import type { Position } from './position.js';

/** An event as a source hands it to projectors: the envelope and where it came from. */
export interface SourcedEvent {
  readonly envelope: EventEnvelope;
  /** The source partition: `outbox`, or `<topic>:<partition>` for Kafka. */
  readonly partition: string;
  readonly position: Position;
}

/** An aggregate's events must be applied in order; this names its lane. */
export function laneOf(envelope: Pick<EventEnvelope, 'aggregateType' | 'aggregateId'>): string {
  return `${envelope.aggregateType}\u0000${envelope.aggregateId}`;
}
