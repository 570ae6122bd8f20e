/** The outcome of one invariant check: ok, or how many things broke it and a few of them. */
export interface CheckResult {
  readonly ok: boolean;
  readonly failures: number;
  /** Up to 10 offending rows or sequences, for the failure message. */
  readonly examples: readonly string[];
}

/** Builds a result from the offending items (`ok` when there are none). */
export function checkOf(offending: readonly unknown[]): CheckResult {
  return {
    ok: offending.length === 0,
    failures: offending.length,
    examples: offending.slice(0, 10).map((item) => (typeof item === 'string' ? item : JSON.stringify(item))),
  };
}

/** All checks together: ok when every one is. */
export function allOf(results: Readonly<Record<string, CheckResult>>): CheckResult {
  const failed = Object.entries(results).filter(([, result]) => !result.ok);
  return {
    ok: failed.length === 0,
    failures: failed.reduce((sum, [, result]) => sum + result.failures, 0),
    examples: failed
      .flatMap(([name, result]) => result.examples.map((example) => `${name}: ${example}`))
      .slice(0, 10),
  };
}
