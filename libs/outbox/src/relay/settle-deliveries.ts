import type { DeliveryReceipt, DeliveryResult } from '../transport/outbox-transport.js';
import { laneOf } from '../transport/lane.js';
import type { ClaimedMessage, FailedDelivery } from './outbox-store.js';
import { retryDelayMs, type ResolvedRelayOptions } from './outbox-relay.options.js';

/** What the relay writes back after a batch. */
export interface Settlement {
  readonly published: { id: string; receipt: DeliveryReceipt }[];
  readonly failed: FailedDelivery[];
  /** Not sent because an earlier row of their lane failed; given back unchanged. */
  readonly released: string[];
}

/**
 * Decides, per aggregate lane, what each delivery result means. The first failure in a lane
 * counts as an attempt (retry later, or dead after `maxAttempts`); rows behind it in the lane
 * are released untouched, since they must not overtake it. Rows the broker confirmed anyway are
 * marked published: they are out, and consumers deduplicate.
 */
export function settleDeliveries(
  batch: readonly ClaimedMessage[],
  results: readonly DeliveryResult[],
  options: Pick<ResolvedRelayOptions, 'maxAttempts' | 'backoffBaseMs' | 'backoffMaxMs'>,
  now = Date.now(),
): Settlement {
  const settlement: Settlement = { published: [], failed: [], released: [] };
  const blockedLanes = new Set<string>();
  batch.forEach((message, index) => {
    const result = results[index] ?? { ok: false as const, error: new Error('transport returned no result') };
    const lane = laneOf(message);
    if (result.ok) {
      settlement.published.push({ id: message.id, receipt: result.receipt });
    } else if (blockedLanes.has(lane)) {
      settlement.released.push(message.id);
    } else {
      blockedLanes.add(lane);
      const attempt = message.attempts + 1;
      settlement.failed.push({
        id: message.id,
        error: result.error.message.slice(0, 2_000),
        retryAt: attempt >= options.maxAttempts ? null : new Date(now + retryDelayMs(attempt, options)),
      });
    }
  });
  return settlement;
}
