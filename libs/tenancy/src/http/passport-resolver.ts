import type { Passport } from '@ddd-kit/core';

/** The parts of an HTTP request resolvers read; Fastify's and Express's requests both fit. */
export interface IncomingRequest {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly hostname?: string;
}

/**
 * Finds passport fields in a request: the tenant from a header, a token's claims, a subdomain…
 * Return `undefined` (or leave fields out) when the request does not say. Throw a `DddError`
 * when it says something invalid, e.g. a forged token.
 */
export interface PassportResolver {
  resolve(request: IncomingRequest): Partial<Passport> | undefined | Promise<Partial<Passport> | undefined>;
}

/** The first value of a header, if present and not empty. */
export function headerValue(request: IncomingRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === '' ? undefined : first;
}
