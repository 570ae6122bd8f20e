import type { Passport } from '@ddd-kit/core';

/** Key under which a job's data carries the passport it was enqueued with. */
export const JOB_PASSPORT_KEY = '__passport';

/** `data` with the passport added, when `data` is a plain object and the passport not empty. */
export function withJobPassport<T>(data: T, passport: Passport): T {
  if (!isPlainObject(data) || JOB_PASSPORT_KEY in data || Object.keys(passport).length === 0) return data;
  return { ...data, [JOB_PASSPORT_KEY]: passport };
}

/** The passport a job was enqueued with; empty when it carries none. */
export function jobPassport(job: { readonly data?: unknown }): Passport {
  const carried = isPlainObject(job.data) ? job.data[JOB_PASSPORT_KEY] : undefined;
  if (!isPlainObject(carried)) return {};
  const passport: Record<string, string> = {};
  for (const key of [
    'tenantId',
    'actorId',
    'locale',
    'correlationId',
    'causationId',
    'traceparent',
  ] as const) {
    const value = carried[key];
    if (typeof value === 'string' && value !== '') passport[key] = value;
  }
  return passport;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}
