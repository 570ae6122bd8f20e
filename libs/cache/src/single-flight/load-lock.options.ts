/** Options of the lock that lets one process at a time load a missing key. */
export interface LoadLockOptions {
  /**
   * How long the lock holds when its owner never releases it (a crash). Keep it above the
   * slowest load: past it, another process may load the same key. @default 5000
   */
  readonly ttlMs?: number;
  /**
   * How long a caller waits for another process's load before loading itself. @default 5000
   */
  readonly waitTimeoutMs?: number;
  /** First pause between two looks at the entry while waiting; doubles each time. @default 5 */
  readonly pollMinMs?: number;
  /** Longest pause between two looks at the entry while waiting. @default 100 */
  readonly pollMaxMs?: number;
}

export type ResolvedLoadLockOptions = Required<LoadLockOptions>;

/** Applies defaults and validates, once. */
export function resolveLoadLockOptions(options: LoadLockOptions = {}): ResolvedLoadLockOptions {
  const resolved: ResolvedLoadLockOptions = {
    ttlMs: options.ttlMs ?? 5_000,
    waitTimeoutMs: options.waitTimeoutMs ?? 5_000,
    pollMinMs: options.pollMinMs ?? 5,
    pollMaxMs: options.pollMaxMs ?? 100,
  };
  for (const key of ['ttlMs', 'waitTimeoutMs', 'pollMinMs', 'pollMaxMs'] as const) {
    if (!Number.isFinite(resolved[key]) || resolved[key] <= 0) {
      throw new TypeError(`CacheModule lock.${key} must be a positive number, got ${resolved[key]}`);
    }
  }
  if (resolved.pollMaxMs < resolved.pollMinMs) {
    throw new TypeError('CacheModule lock.pollMaxMs must not be below lock.pollMinMs');
  }
  return resolved;
}
