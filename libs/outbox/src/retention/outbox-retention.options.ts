/** Options of the retention job that deletes old published outbox rows. */
export interface OutboxRetentionOptions {
  /** Run the job in this process. @default true */
  readonly enabled?: boolean;
  /**
   * Keep published rows this many days. They are what a projector rebuild from the outbox
   * replays, so keep them as long as a rebuild should reach back.
   * @default 7
   */
  readonly keepPublishedDays?: number;
  /** Rows deleted per statement, so a large purge never holds long locks. @default 1000 */
  readonly batchSize?: number;
  /** When the job runs (cron syntax). @default every 15 minutes */
  readonly cron?: string;
}

export type ResolvedRetentionOptions = Required<OutboxRetentionOptions>;

/** Applies defaults and validates, once. */
export function resolveRetentionOptions(options: OutboxRetentionOptions = {}): ResolvedRetentionOptions {
  const resolved: ResolvedRetentionOptions = {
    enabled: options.enabled ?? true,
    keepPublishedDays: options.keepPublishedDays ?? 7,
    batchSize: options.batchSize ?? 1_000,
    cron: options.cron ?? '*/15 * * * *',
  };
  if (!(resolved.keepPublishedDays >= 0)) {
    throw new TypeError(
      `OutboxModule retention.keepPublishedDays must be ≥ 0, got ${resolved.keepPublishedDays}`,
    );
  }
  if (!Number.isInteger(resolved.batchSize) || resolved.batchSize <= 0) {
    throw new TypeError(
      `OutboxModule retention.batchSize must be a positive integer, got ${resolved.batchSize}`,
    );
  }
  return resolved;
}
