/** Options of the relay. Defaults are applied once, in `resolveRelayOptions`. */
export interface OutboxRelayOptions {
  /** Run the relay in this process. Turn it off in processes that only write. @default true */
  readonly enabled?: boolean;
  /** Rows claimed and sent per round. @default 500 */
  readonly batchSize?: number;
  /** Fallback poll when no NOTIFY arrives. @default 1000 */
  readonly pollIntervalMs?: number;
  /**
   * How long a claimed batch may hold its rows without a word to PostgreSQL (while the broker
   * answers). A claim holds its rows in an open transaction; PostgreSQL ends one idle for this
   * long, so a hung relay's rows are reclaimed after it (a crashed relay's at once, with its
   * connections). Keep it above the transport's send timeout. @default 30000
   */
  readonly leaseMs?: number;
  /** Attempts before a row goes dead and parks its aggregate's lane. @default 10 */
  readonly maxAttempts?: number;
  /** First retry delay; doubles per attempt, with jitter. @default 200 */
  readonly backoffBaseMs?: number;
  /** Longest retry delay. @default 60000 */
  readonly backoffMaxMs?: number;
  /** Wake on LISTEN/NOTIFY after commits. @default true */
  readonly listen?: boolean;
}

export type ResolvedRelayOptions = Required<OutboxRelayOptions>;

/** Applies defaults and validates, once. */
export function resolveRelayOptions(options: OutboxRelayOptions = {}): ResolvedRelayOptions {
  const resolved: ResolvedRelayOptions = {
    enabled: options.enabled ?? true,
    batchSize: options.batchSize ?? 500,
    pollIntervalMs: options.pollIntervalMs ?? 1_000,
    leaseMs: options.leaseMs ?? 30_000,
    maxAttempts: options.maxAttempts ?? 10,
    backoffBaseMs: options.backoffBaseMs ?? 200,
    backoffMaxMs: options.backoffMaxMs ?? 60_000,
    listen: options.listen ?? true,
  };
  for (const key of [
    'batchSize',
    'pollIntervalMs',
    'leaseMs',
    'maxAttempts',
    'backoffBaseMs',
    'backoffMaxMs',
  ] as const) {
    if (!Number.isFinite(resolved[key]) || resolved[key] <= 0) {
      throw new TypeError(`OutboxModule relay.${key} must be a positive number, got ${resolved[key]}`);
    }
  }
  return resolved;
}

/** Exponential backoff with jitter: base·2^(attempt−1), capped, times a factor in [0.5, 1). */
export function retryDelayMs(
  attempt: number,
  options: Pick<ResolvedRelayOptions, 'backoffBaseMs' | 'backoffMaxMs'>,
): number {
  const exponential = Math.min(options.backoffMaxMs, options.backoffBaseMs * 2 ** (attempt - 1));
  return exponential * (0.5 + Math.random() / 2);
}
