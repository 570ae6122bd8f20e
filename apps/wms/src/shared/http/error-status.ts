import type { ErrorKind } from '@ddd-kit/core';

/** The error taxonomy at the HTTP edge. */
export const STATUS_OF_KIND: Readonly<Record<ErrorKind, number>> = {
  domain: 409,
  'not-found': 404,
  conflict: 409,
  'concurrency-conflict': 409,
  validation: 400,
  forbidden: 403,
  unauthenticated: 401,
  'infrastructure-unavailable': 503,
};
