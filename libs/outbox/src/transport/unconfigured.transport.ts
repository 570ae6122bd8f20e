import { OutboxTransport, type DeliveryResult, type OutboxEnvelope } from './outbox-transport.js';

/**
 * Stands in when no transport is configured (a process that only writes). The relay does not
 * start then; should anything call it anyway, every send fails and the rows stay.
 */
export class UnconfiguredTransport extends OutboxTransport {
  async publish(batch: readonly OutboxEnvelope[]): Promise<DeliveryResult[]> {
    const error = new Error('OutboxModule has no transport configured');
    return batch.map(() => ({ ok: false as const, error }));
  }
}
