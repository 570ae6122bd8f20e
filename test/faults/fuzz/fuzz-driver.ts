import type { FuzzRequest } from './fuzz-request.js';

/** An answer as the fuzzer records it. */
export interface FuzzResponse {
  readonly status: number;
  readonly body: string;
}

/** What a fuzz run saw. */
export interface FuzzOutcome {
  readonly requests: number;
  readonly byStatus: Readonly<Record<number, number>>;
  /** Up to 20 examples of responses with status ≥ 500 (method, url, body sent, status, response body). */
  readonly serverErrors: readonly {
    method: string;
    url: string;
    body: string;
    status: number;
    response: string;
  }[];
}

const SERVER_ERRORS_KEPT = 20;
// A report quotes the start of long bodies (an oversized request is megabytes).
const QUOTED = 2_000;

/**
 * Sends `count` requests from `source`, `concurrency` at a time, through `send` (real HTTP or
 * Fastify's inject), and tallies the statuses. `observe` sees every request with its answer.
 * Requests are drawn in order, so the set sent depends on the seed only, not on timing.
 */
export async function driveFuzz(
  source: Iterator<FuzzRequest>,
  options: {
    readonly count: number;
    readonly concurrency: number;
    readonly send: (request: FuzzRequest) => Promise<FuzzResponse>;
    readonly observe?: (request: FuzzRequest, response: FuzzResponse) => void;
  },
): Promise<FuzzOutcome> {
  const byStatus: Record<number, number> = {};
  const serverErrors: FuzzOutcome['serverErrors'][number][] = [];
  let drawn = 0;
  const worker = async (): Promise<void> => {
    while (drawn < options.count) {
      drawn++;
      const next = source.next();
      if (next.done) return;
      const request = next.value;
      const response = await options.send(request);
      byStatus[response.status] = (byStatus[response.status] ?? 0) + 1;
      if (response.status >= 500 && serverErrors.length < SERVER_ERRORS_KEPT) {
        serverErrors.push({
          method: request.method,
          url: request.url.slice(0, QUOTED),
          body: (request.body ?? '').slice(0, QUOTED),
          status: response.status,
          response: response.body.slice(0, QUOTED),
        });
      }
      options.observe?.(request, response);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
  return { requests: drawn, byStatus, serverErrors };
}
