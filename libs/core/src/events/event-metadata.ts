import type { Passport } from '../context/passport.js';

/** The passport fields an event carries beyond its data. Locale is not part of an event. */
export type EventMetadata = Omit<Passport, 'locale'>;

/** The keys of {@link EventMetadata}, in header order. */
export const EVENT_METADATA_KEYS = [
  'tenantId',
  'actorId',
  'correlationId',
  'causationId',
  'traceparent',
] as const satisfies readonly (keyof EventMetadata)[];
