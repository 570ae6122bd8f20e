import type { EventEnvelope } from '../events/domain-event.js';
import type { Passport } from './passport.js';

/**
 * The passport of work caused by an event: the event's tenant, actor and trace, the same
 * correlation (or the event itself when it started the chain), and the event as the direct cause.
 * Consumers, projectors and in-process handlers run under it, so what they write carries the
 * tenant and links back to the event.
 */
export function passportOfCause(event: Pick<EventEnvelope, 'eventId' | 'metadata'>): Passport {
  const { tenantId, actorId, correlationId, traceparent } = event.metadata;
  return {
    ...(tenantId && { tenantId }),
    ...(actorId && { actorId }),
    ...(traceparent && { traceparent }),
    correlationId: correlationId ?? event.eventId,
    causationId: event.eventId,
  };
}
