// The JSON contract between `peer.bench.ts` and each contender process. This folder is plain
// TypeScript on Node built-ins: the peer (`bench/peer`) compiles it in with its own tsc, so
// both contenders run the same workload code, and the peer shares nothing else with ddd-kit.

/** What the orchestrator hands a contender, as JSON in `PEER_BENCH_RUN`. */
export interface ContenderRunConfig {
  /** A fresh, empty database of its own. */
  readonly databaseUrl: string;
  /** Commands of the measured round. */
  readonly commands: number;
  /** Callers issuing them side by side. */
  readonly concurrency: number;
  /** Commands of the unmeasured warm-up round, all delivered before the measured round starts. */
  readonly warmupCommands: number;
  /** How long after the last commit the last delivery may come before events count as lost. */
  readonly deliveryTimeoutMs: number;
  /** How long to keep listening once every event arrived, to catch late duplicates. */
  readonly duplicateWatchMs: number;
  /** Where to write the `ContenderRunResult` as JSON. */
  readonly resultPath: string;
}

/** What a contender reports; the orchestrator computes every statistic from it. */
export interface ContenderRunResult {
  readonly contender: string;
  /** Every setting that shapes the numbers, as configured. */
  readonly settings: Readonly<Record<string, unknown>>;
  readonly commands: number;
  readonly concurrency: number;
  /** When the first measured command started, epoch ms (`timeOrigin + now()`). */
  readonly startedAt: number;
  /** Per command: when its transaction had committed (the call returned), or null if it failed. */
  readonly committedAt: readonly (number | null)[];
  /** Per command: when the handler first saw its event, or null if it never did. */
  readonly firstDeliveredAt: readonly (number | null)[];
  /** Per command: how many times the handler saw its event (> 1 = duplicates). */
  readonly deliveryCounts: readonly number[];
  readonly failedCommands: number;
  readonly firstFailure: string | null;
  /** Warm-up events the handler saw during the measured round or later (duplicates). */
  readonly strayDeliveries: number;
  /**
   * ddd-kit only, read from its outbox table: `published_at − occurred_at` of the measured round's
   * rows, ms, the part of the latency before the transport acknowledged (the rest is delivery).
   * On two clocks of one machine (PostgreSQL's `now()` of the marking transaction, the app's
   * `Date` at the event's creation), so a diagnostic, not a figure.
   */
  readonly publishLagMs?: { readonly p50: number; readonly p99: number };
  /** Database state at the end: aggregate rows, and outbox rows not yet done. */
  readonly checks: {
    readonly aggregateRows: number;
    readonly outboxRowsLeft: number;
    readonly outboxRowsLeftMeaning: string;
    /** Those rows by state, e.g. `pending, delivered` → 12. */
    readonly outboxRowsByState: Readonly<Record<string, number>>;
  };
}
