import type { EventEnvelope } from '@ddd-kit/core';
import { METADATA_HEADERS } from './outbox-routing.js';

/** Message headers as transports hand them over: Kafka gives Buffers, the outbox gives strings. */
export type MessageHeaders = Readonly<Record<string, string | Buffer | undefined | (string | Buffer)[]>>;

/**
 * Rebuilds the event envelope from a message's headers (see `eventHeaders`) and JSON payload:
 * what consumers need to restore a typed event and its passport.
 * @throws TypeError when a required header is missing — the message did not come from an outbox.
 */
export function envelopeOfMessage(headers: MessageHeaders, payload: string | Buffer): EventEnvelope {
  const header = (name: string): string | undefined => {
    const value = headers[name];
    const first = Array.isArray(value) ? value[0] : value;
    return first === undefined ? undefined : first.toString();
  };
  const required = (name: string): string => {
    const value = header(name);
    if (value === undefined) throw new TypeError(`Message lacks the "${name}" header`);
    return value;
  };
  const metadata: Record<string, string> = {};
  for (const [key, name] of METADATA_HEADERS) {
    const value = header(name);
    if (value) metadata[key] = value;
  }
  return {
    eventId: required('event-id'),
    type: required('event-type'),
    version: Number(required('event-version')),
    occurredAt: required('occurred-at'),
    aggregateType: required('aggregate-type'),
    aggregateId: required('aggregate-id'),
    metadata: metadata,
    data: JSON.parse(payload.toString()) as unknown,
  };
}
