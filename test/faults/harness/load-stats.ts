import type { WmsAnswer } from './wms-client.js';

/** One answer the load did not expect, kept as an example for the failure message. */
export interface LoadExample {
  readonly request: string;
  readonly status: number;
  readonly code: string | undefined;
  readonly ms: number;
  readonly body: string;
}

/** What a write load sent and got back. */
export interface LoadStats {
  requests: number;
  /** Answers by `"<status>"` or `"<status> <code>"` (status 0: no answer; code TIMEOUT or NETWORK). */
  readonly outcomes: Record<string, number>;
  /** Slowest answer that was a failure (5xx or none). */
  slowestFailureMs: number;
  /** Up to 20 answers of status ≥ 500 or 0, and 20 unexpected 4xx. */
  readonly serverErrors: LoadExample[];
  readonly clientErrors: LoadExample[];
}

const EXAMPLES = 20;

export function emptyLoadStats(): LoadStats {
  return { requests: 0, outcomes: {}, slowestFailureMs: 0, serverErrors: [], clientErrors: [] };
}

/** 4xx the load may meet in a busy warehouse: another client got there first, or the stock ran out. */
const EXPECTED_CLIENT_ERRORS = new Set([404, 409]);

export function recordAnswer(stats: LoadStats, request: string, answer: WmsAnswer): void {
  stats.requests++;
  const key =
    answer.status >= 400 || answer.status === 0 ? `${answer.status} ${answer.code}` : `${answer.status}`;
  stats.outcomes[key] = (stats.outcomes[key] ?? 0) + 1;
  const example = (): LoadExample => ({
    request,
    status: answer.status,
    code: answer.code,
    ms: Math.round(answer.ms),
    body: JSON.stringify(answer.body ?? null).slice(0, 300),
  });
  if (answer.status >= 500 || answer.status === 0) {
    stats.slowestFailureMs = Math.max(stats.slowestFailureMs, answer.ms);
    if (stats.serverErrors.length < EXAMPLES) stats.serverErrors.push(example());
  } else if (answer.status >= 400 && !EXPECTED_CLIENT_ERRORS.has(answer.status)) {
    if (stats.clientErrors.length < EXAMPLES) stats.clientErrors.push(example());
  }
}

/** Answers ≥ 500 or none, by outcome key. */
export function failuresOf(stats: LoadStats): Record<string, number> {
  return Object.fromEntries(
    Object.entries(stats.outcomes).filter(([key]) => key.startsWith('5') || key.startsWith('0 ')),
  );
}

/** Unexpected 4xx (not 404 or 409), by outcome key: a bug in the load or in the app. */
export function unexpectedClientErrorsOf(stats: LoadStats): Record<string, number> {
  return Object.fromEntries(
    Object.entries(stats.outcomes).filter(
      ([key]) => key.startsWith('4') && !EXPECTED_CLIENT_ERRORS.has(Number(key.slice(0, 3))),
    ),
  );
}

/** Adds one load's numbers to another's. */
export function mergeLoadStats(into: LoadStats, from: LoadStats): void {
  into.requests += from.requests;
  for (const [key, count] of Object.entries(from.outcomes))
    into.outcomes[key] = (into.outcomes[key] ?? 0) + count;
  into.slowestFailureMs = Math.max(into.slowestFailureMs, from.slowestFailureMs);
  into.serverErrors.push(...from.serverErrors.slice(0, EXAMPLES - into.serverErrors.length));
  into.clientErrors.push(...from.clientErrors.slice(0, EXAMPLES - into.clientErrors.length));
}
