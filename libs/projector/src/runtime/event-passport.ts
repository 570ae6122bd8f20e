import { passportOfCause, type EventEnvelope, type Passport } from '@ddd-kit/core';

// Every passport field, unset: `PassportContext.run` merges over the caller's passport, and an
// event's work must not inherit the tenant or actor of whoever started a rebuild or a retry.
const NO_PASSPORT: Readonly<Record<keyof Passport, undefined>> = {
  tenantId: undefined,
  actorId: undefined,
  locale: undefined,
  correlationId: undefined,
  causationId: undefined,
  traceparent: undefined,
};

/** The passport exactly as given: run under it, nothing of the surrounding one shows through. */
export function exactly(passport: Passport): Passport {
  return { ...NO_PASSPORT, ...passport };
}

/** The passport a projection of `event` runs under: the event's, and only the event's. */
export function passportOfEvent(event: Pick<EventEnvelope, 'eventId' | 'metadata'>): Passport {
  return exactly(passportOfCause(event));
}
