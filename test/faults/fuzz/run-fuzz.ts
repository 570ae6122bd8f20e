import { driveFuzz, type FuzzOutcome, type FuzzResponse } from './fuzz-driver.js';
import { DEFAULT_BODY_LIMIT_BYTES, type FuzzContext, type FuzzRequest } from './fuzz-request.js';
import { malformedRequests } from './generate-malformed-requests.js';

export type { FuzzOutcome } from './fuzz-driver.js';

/** A running WMS, reached over HTTP, and the tenant whose data the fuzzer aims at. */
export interface FuzzTarget {
  readonly baseUrl: string;
  readonly tenant: string;
}

// A request that gets no answer at all (reset, hang) is recorded under this pseudo-status, so a
// crash or a stall counts as a server error.
const NO_ANSWER = 599;
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * Sends `requests` malformed requests (deterministic from `seed`) to a running WMS over real
 * HTTP, `concurrency` at a time (default 8), and reports the statuses. Before it starts, it reads
 * (never writes) the tenant's SKUs, locations and the projector names, so that the valid parts of
 * each request name things that exist. Every request is invalid by construction: a healthy app
 * answers each with a 4xx and writes nothing.
 */
export async function runFuzz(
  target: FuzzTarget,
  options: { requests: number; seed: number; concurrency?: number },
): Promise<FuzzOutcome> {
  const baseUrl = target.baseUrl.replace(/\/+$/, '');
  const context = await discoverContext(baseUrl, target.tenant);
  return driveFuzz(malformedRequests(context, options.seed), {
    count: options.requests,
    concurrency: options.concurrency ?? 8,
    send: (request) => sendOverHttp(baseUrl, request),
  });
}

/** One request with `fetch`; no answer is reported as status 599. */
export async function sendOverHttp(baseUrl: string, request: FuzzRequest): Promise<FuzzResponse> {
  try {
    // Concatenated, not `new URL(path, base)`: the fuzzed paths must reach the server as written.
    const response = await fetch(`${baseUrl}${request.url}`, {
      method: request.method,
      headers: request.headers,
      ...(request.body !== undefined && { body: request.body }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    return { status: response.status, body: await response.text() };
  } catch (error) {
    return {
      status: NO_ANSWER,
      body: `no answer: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

async function discoverContext(baseUrl: string, tenant: string): Promise<FuzzContext> {
  const read = async (path: string): Promise<any> => {
    try {
      const response = await fetch(`${baseUrl}${path}`, { headers: { 'x-tenant-id': tenant } });
      return response.ok ? await response.json() : undefined;
    } catch {
      return undefined;
    }
  };
  const skus = await read('/api/v1/skus?size=100');
  const stock = await read('/api/v1/stock?size=100');
  const projectors = await read('/api/v1/projectors');
  const strings = (items: unknown, field: string): string[] =>
    Array.isArray(items)
      ? [...new Set(items.map((item) => item?.[field]).filter((value) => typeof value === 'string'))]
      : [];
  const limit = Number(process.env['BODY_LIMIT_BYTES']);
  return {
    tenant,
    skus: strings(skus?.items, 'code'),
    locations: strings(stock?.items, 'location'),
    receiptIds: [],
    orderIds: [],
    projectors: strings(projectors?.items, 'name'),
    bodyLimitBytes: Number.isInteger(limit) && limit > 0 ? limit : DEFAULT_BODY_LIMIT_BYTES,
  };
}
