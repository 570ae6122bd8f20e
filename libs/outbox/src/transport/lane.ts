import type { OutboxEnvelope } from './outbox-transport.js';

/**
 * The ordering lane of a message: its aggregate. Messages of one lane leave in order and wait
 * behind each other's failures; different lanes are independent.
 */
export function laneOf(message: Pick<OutboxEnvelope, 'aggregateType' | 'aggregateId'>): string {
  return `${message.aggregateType}\u0000${message.aggregateId}`;
}
