import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/** Epoch ms with sub-millisecond resolution, on the same clock as the commit times. */
export function now(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * What the handler saw: per event (round, index) when it first arrived and how often. One round
 * is open at a time; deliveries of another round (a late duplicate of the warm-up) are strays.
 */
export class DeliveryLog {
  private round = -1;
  private firstAt: (number | null)[] = [];
  private counts: number[] = [];
  private distinct = 0;
  strays = 0;

  /** Opens a round of `size` events; the previous round's arrivals are forgotten. */
  open(round: number, size: number): void {
    this.round = round;
    this.firstAt = new Array<number | null>(size).fill(null);
    this.counts = new Array<number>(size).fill(0);
    this.distinct = 0;
  }

  /**
   * Called by the handler, once per delivery, at the time it saw the event: now, or the time a
   * handler on another thread took (the Kafka contender's consumer thread).
   */
  record(round: number, index: number, at: number = now()): void {
    if (round !== this.round || index < 0 || index >= this.counts.length) {
      this.strays += 1;
      return;
    }
    if (this.counts[index] === 0) {
      this.firstAt[index] = at;
      this.distinct += 1;
    }
    this.counts[index] = (this.counts[index] ?? 0) + 1;
  }

  /** Waits until `expected` distinct events arrived, or the deadline (epoch ms) passed. */
  async waitFor(expected: number, deadline: number): Promise<boolean> {
    while (this.distinct < expected) {
      if (now() > deadline) return false;
      await sleep(2);
    }
    return true;
  }

  get firstDeliveredAt(): readonly (number | null)[] {
    return this.firstAt;
  }

  get deliveryCounts(): readonly number[] {
    return this.counts;
  }
}
