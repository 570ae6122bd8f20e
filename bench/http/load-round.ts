import autocannon from 'autocannon';
import { ACCOUNTS_PATH, openAccountBody, TENANT_HEADER, tenantOf } from './account-request.js';

/** How hard and how long one round loads a server. */
export interface LoadOptions {
  readonly connections: number;
  /**
   * Requests in the round. A fixed count rather than a duration: autocannon then waits for every
   * response, so the server is idle afterwards and its rows must equal the 2xx count exactly (a
   * timed round abandons the requests in flight when the clock runs out).
   */
  readonly requests: number;
}

/** What autocannon saw in one round. Latencies in ms, of 2xx responses only. */
export interface LoadResult {
  readonly requestsPerSecond: number;
  readonly ok: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly latency: {
    readonly p50: number;
    readonly p90: number;
    readonly p99: number;
    readonly max: number;
  };
  readonly durationSeconds: number;
}

/**
 * One autocannon round of `POST /accounts` with pipelining 1 and a unique body per request (a
 * counter in `setupRequest`), alternating tenants. `prefix` keeps bodies unique across rounds.
 */
export async function loadRound(baseUrl: string, prefix: string, options: LoadOptions): Promise<LoadResult> {
  let counter = 0;
  const result = await autocannon({
    url: baseUrl,
    connections: options.connections,
    pipelining: 1,
    amount: options.requests,
    requests: [
      {
        method: 'POST',
        path: ACCOUNTS_PATH,
        setupRequest: (request) => {
          const n = counter++;
          return {
            ...request,
            headers: { 'content-type': 'application/json', [TENANT_HEADER]: tenantOf(n) },
            body: JSON.stringify(openAccountBody(prefix, n)),
          };
        },
      },
    ],
  });
  const ok = result['2xx'];
  return {
    // Completed 2xx responses over the round's wall time, not autocannon's per-second samples,
    // whose mean ignores the partial last second.
    requestsPerSecond: ok / result.duration,
    ok,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    latency: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    durationSeconds: result.duration,
  };
}
