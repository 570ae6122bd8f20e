import { performance } from 'node:perf_hooks';
import type { OutboxRelay } from '@ddd-kit/outbox';

/** Where a relay's time went, summed over the batches since the last reset. */
export interface RelayPhases {
  readonly batches: number;
  /** Rows marked published. */
  readonly rows: number;
  /** `OutboxStore.claim`: opening the transaction, the claim statement and mapping its rows. */
  readonly claimMs: number;
  /** The slowest single claim. */
  readonly slowestClaimMs: number;
  /** `KafkaTransport.publish`: building the messages and the awaited `sendBatch`. */
  readonly publishMs: number;
  /** `ClaimedBatch.settle`: the update with partitions and offsets (and failures), and the commit. */
  readonly markMs: number;
}

const NO_PHASES: RelayPhases = {
  batches: 0,
  rows: 0,
  claimMs: 0,
  slowestClaimMs: 0,
  publishMs: 0,
  markMs: 0,
};

/**
 * Watches a real relay from outside: wraps its store's `claim`, each claimed batch's `settle` and
 * its transport's `publish` with a clock and a counter, and calls through unchanged. That tells
 * when every row is published without polling the table (which would load the database being
 * measured), and where each batch's time goes.
 */
export class RelayProbe {
  private current: { -readonly [K in keyof RelayPhases]: number } = { ...NO_PHASES };
  private waiter: { rows: number; resolve: () => void } | undefined;

  private constructor() {}

  /** Instruments `relay`; do it once, before starting it. */
  static attach(relay: OutboxRelay): RelayProbe {
    const probe = new RelayProbe();
    // Private members on purpose: the probe observes the real relay, it does not replace it.
    const store = relay['store'];
    const transport = relay['transport'];
    const claim = store.claim.bind(store);
    const publish = transport.publish.bind(transport);
    store.claim = async (...args) => {
      const started = performance.now();
      const claimed = await claim(...args);
      const ms = performance.now() - started;
      probe.current.claimMs += ms;
      probe.current.slowestClaimMs = Math.max(probe.current.slowestClaimMs, ms);
      if (!claimed) return claimed;
      probe.current.batches += 1;
      const settle = claimed.settle.bind(claimed);
      claimed.settle = async (published, failed) => {
        const started = performance.now();
        await settle(published, failed);
        probe.current.markMs += performance.now() - started;
        probe.current.rows += published.length;
        if (probe.waiter && probe.current.rows >= probe.waiter.rows) probe.waiter.resolve();
      };
      return claimed;
    };
    transport.publish = async (batch) => {
      const started = performance.now();
      const results = await publish(batch);
      probe.current.publishMs += performance.now() - started;
      return results;
    };
    return probe;
  }

  /** Counters since the last reset. */
  get phases(): RelayPhases {
    return { ...this.current };
  }

  /** Starts counting from zero. */
  reset(): void {
    this.current = { ...NO_PHASES };
  }

  /** Resolves once `rows` rows were marked published since the last reset. */
  whenPublished(rows: number, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        reject(new Error(`The relay published ${this.current.rows} of ${rows} rows in ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiter = {
        rows,
        resolve: () => {
          clearTimeout(timer);
          this.waiter = undefined;
          resolve();
        },
      };
      if (this.current.rows >= rows) this.waiter.resolve();
    });
  }
}
