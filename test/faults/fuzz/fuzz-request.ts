/** One generated request, the same for `fetch` (a running WMS) and Fastify's `inject` (tests). */
export interface FuzzRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path and query string, already encoded. */
  readonly url: string;
  /** Every header, `x-tenant-id` included when sent; values are byte strings (`fetch` needs that). */
  readonly headers: Readonly<Record<string, string>>;
  /** The raw body, as sent. */
  readonly body?: string;
  /** The route aimed at, e.g. `POST /api/v1/orders/:id/allocate`. */
  readonly endpoint: string;
  /** What makes it malformed, e.g. `body lines.0.quantity = 1.5`: the reason it must be refused. */
  readonly defect: string;
}

/**
 * What the generator knows of the WMS it fuzzes. Existing codes and ids let the valid parts of a
 * request be real, so that the one defect is what the app has to catch.
 */
export interface FuzzContext {
  readonly tenant: string;
  readonly skus: readonly string[];
  readonly locations: readonly string[];
  readonly receiptIds: readonly string[];
  readonly orderIds: readonly string[];
  readonly projectors: readonly string[];
  /** The app's `BODY_LIMIT_BYTES`; oversized bodies go past it. */
  readonly bodyLimitBytes: number;
}

/** The app's default body limit (`BODY_LIMIT_BYTES`). */
export const DEFAULT_BODY_LIMIT_BYTES = 2 * 1024 * 1024;
