/**
 * Every knob of the peer that shapes the numbers, in one place so the report can list them.
 * `PEER_BENCH_SETTINGS` (JSON, a partial of this) overrides them for tuning experiments, e.g.
 * `PEER_BENCH_SETTINGS='{"maxEventsPerPoll":500}' npm run bench:peer`; the run records what it used.
 *
 * The choices, for the library's best throughput and latency on PostgreSQL:
 * - LISTEN/NOTIFY on (its default with PostgreSQL), so the poll interval is only a fallback: 1 s,
 *   as ddd-kit's relay (the README's example uses 30 s).
 * - `maxEventsPerPoll` 100: the README's example, 10, could not keep up (65 events/s, hundreds of
 *   events still undelivered 30 s after the last commit in a development run); a poll keeps going
 *   while batches come back full, and every event of a batch must complete before the next claim,
 *   so very large batches make each event wait for more others.
 * - `eventListenerThrottleMs` at its default, 100 ms: 10 ms gave no better numbers in development.
 * - The default LoggerMiddleware off (`enableDefaultMiddlewares: false`, documented): it logs two
 *   lines per event with the payload.
 * - Retries, retention and listener timeout: the README's values (`maxRetries` at the library's
 *   default 10); the retry strategy is the library's default.
 */
export interface PeerSettings {
  /** `OutboxModule` `pollingInterval`: the fallback poll; NOTIFY wakes the poller sooner. */
  readonly pollingIntervalMs: number;
  /** `OutboxModule` `maxEventsPerPoll`: rows locked and processed per poll. */
  readonly maxEventsPerPoll: number;
  /** `OutboxModule` `eventListenerThrottleMs`: at most one NOTIFY-triggered poll per window. */
  readonly eventListenerThrottleMs: number;
  /** `OutboxModule` `enableDefaultMiddlewares`: the LoggerMiddleware logs two lines per event. */
  readonly enableDefaultMiddlewares: boolean;
  /** Driver `listenNotify.enabled`: the PostgreSQL trigger + LISTEN wake-up. */
  readonly listenNotify: boolean;
  /** Event `listeners.maxExecutionTime`. */
  readonly maxExecutionTimeMs: number;
  /** Event `listeners.maxRetries` (the library's default is 10). */
  readonly maxRetries: number;
  /** Event `listeners.retentionPeriod`. */
  readonly retentionPeriodMs: number;
  /** MikroORM connection pool size (ddd-kit's DatabaseModule default is 10 too). */
  readonly poolMax: number;
}

export const PEER_SETTINGS: PeerSettings = {
  pollingIntervalMs: 1_000,
  maxEventsPerPoll: 100,
  eventListenerThrottleMs: 100,
  enableDefaultMiddlewares: false,
  listenNotify: true,
  maxExecutionTimeMs: 15_000,
  maxRetries: 10,
  retentionPeriodMs: 24 * 60 * 60 * 1000,
  poolMax: 10,
};

/** The settings of this run: the defaults above with `PEER_BENCH_SETTINGS` applied. */
export function peerSettings(): PeerSettings {
  const overrides = process.env['PEER_BENCH_SETTINGS'];
  return overrides ? { ...PEER_SETTINGS, ...(JSON.parse(overrides) as Partial<PeerSettings>) } : PEER_SETTINGS;
}
