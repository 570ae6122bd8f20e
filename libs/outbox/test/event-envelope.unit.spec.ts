import {
  Aggregate,
  AggregateRoot,
  DomainEvent,
  EventType,
  EventTypeRegistry,
  passportOfCause,
} from '@ddd-kit/core';
import { envelopeOfMessage, eventHeaders } from '@ddd-kit/outbox';

@EventType('test.parcel.shipped', { version: 3 })
class ParcelShipped extends DomainEvent<{ carrier: string; weights: number[] }> {}

@Aggregate('test.parcel')
class Parcel extends AggregateRoot {
  constructor(readonly id: string) {
    super();
  }

  ship(): void {
    this.record(new ParcelShipped({ carrier: 'dhl', weights: [1.5, 2] }));
  }
}

const recordedEvent = (metadata = {}) => {
  const parcel = new Parcel('p-1');
  parcel.ship();
  const [event] = parcel.pullPendingEvents(metadata);
  return event as ParcelShipped;
};

describe('envelopeOfMessage', () => {
  it('restores the event a message carries, with its id, time and metadata', () => {
    const event = recordedEvent({ tenantId: 't-1', correlationId: 'c-1', traceparent: '00-abc-def-01' });
    const kafkaHeaders = Object.fromEntries(
      Object.entries(eventHeaders(event)).map(([name, value]) => [name, Buffer.from(value)]),
    );

    const envelope = envelopeOfMessage(kafkaHeaders, Buffer.from(JSON.stringify(event.data)));
    const restored = new EventTypeRegistry([ParcelShipped]).deserialize(envelope);

    expect(envelope).toEqual(JSON.parse(JSON.stringify(event.toEnvelope())));
    expect(restored).toBeInstanceOf(ParcelShipped);
    expect(restored).toMatchObject({ eventId: event.eventId, occurredAt: event.occurredAt, version: 3 });
  });

  it('rejects a message without the outbox headers', () => {
    expect(() => envelopeOfMessage({ 'event-type': 'x' }, '{}')).toThrow(
      'Message lacks the "event-id" header',
    );
  });
});

describe('passportOfCause', () => {
  it('keeps tenant, actor, trace and correlation, and names the event as the cause', () => {
    const event = recordedEvent({ tenantId: 't-1', actorId: 'u-1', correlationId: 'c-1', causationId: 'x' });
    expect(passportOfCause(event)).toEqual({
      tenantId: 't-1',
      actorId: 'u-1',
      correlationId: 'c-1',
      causationId: event.eventId,
    });
  });

  it('starts the correlation at the event when it has none', () => {
    const event = recordedEvent();
    expect(passportOfCause(event)).toEqual({ correlationId: event.eventId, causationId: event.eventId });
  });
});
