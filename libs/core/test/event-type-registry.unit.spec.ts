import {
  DomainEvent,
  EventType,
  EventTypeRegistry,
  ValidationError,
  type EventEnvelope,
} from '@ddd-kit/core';

@EventType('test.order-placed')
class OrderPlacedV1 extends DomainEvent<{ total: number }> {}

@EventType('test.order-placed', { version: 2 })
class OrderPlacedV2 extends DomainEvent<{ total: { amount: number; currency: string } }> {}

@EventType('test.order-cancelled')
class OrderCancelled extends DomainEvent<{ reason: string }> {}

function envelopeOf(event: DomainEvent): EventEnvelope {
  return JSON.parse(JSON.stringify(event)) as EventEnvelope;
}

function captureError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

describe('EventTypeRegistry', () => {
  it('resolves a registered class by type and version', () => {
    const registry = new EventTypeRegistry().register(OrderPlacedV1, OrderCancelled);

    expect(registry.resolve('test.order-placed', 1)).toBe(OrderPlacedV1);
    expect(registry.resolve('test.order-cancelled', 1)).toBe(OrderCancelled);
    expect(registry.has('test.order-placed', 1)).toBe(true);
    expect(registry.has('test.order-placed', 2)).toBe(false);
    expect(registry.resolve('test.order-placed', 2)).toBeUndefined();
  });

  it('accepts the classes in its constructor and lists them in entries()', () => {
    const registry = new EventTypeRegistry([OrderPlacedV1, OrderCancelled]);

    expect(registry.entries()).toEqual([
      { type: 'test.order-placed', version: 1, eventClass: OrderPlacedV1 },
      { type: 'test.order-cancelled', version: 1, eventClass: OrderCancelled },
    ]);
  });

  it('deserializes an envelope into its class, keeping eventId, occurredAt and binding', () => {
    const registry = new EventTypeRegistry([OrderPlacedV1]);
    const original = new OrderPlacedV1({ total: 10 }, { metadata: { tenantId: 't-1' } }).recordedBy(
      'test.order',
      'o-1',
    );

    const restored = registry.deserialize<OrderPlacedV1>(envelopeOf(original));

    expect(restored).toBeInstanceOf(OrderPlacedV1);
    expect(restored.eventId).toBe(original.eventId);
    expect(restored.occurredAt).toEqual(original.occurredAt);
    expect(restored).toMatchObject({ aggregateType: 'test.order', aggregateId: 'o-1', isRecorded: true });
    expect(restored.metadata).toEqual({ tenantId: 't-1' });
    expect(restored.data).toEqual({ total: 10 });
    expect(Object.isFrozen(restored)).toBe(true);
  });

  it('maps two versions of one type to two classes', () => {
    const registry = new EventTypeRegistry([OrderPlacedV1, OrderPlacedV2]);

    const v1 = registry.deserialize(envelopeOf(new OrderPlacedV1({ total: 10 })));
    const v2 = registry.deserialize(
      envelopeOf(new OrderPlacedV2({ total: { amount: 10, currency: 'EUR' } })),
    );

    expect(v1).toBeInstanceOf(OrderPlacedV1);
    expect(v2).toBeInstanceOf(OrderPlacedV2);
    expect(v2.version).toBe(2);
  });

  it('ignores registering the same class twice', () => {
    const registry = new EventTypeRegistry([OrderPlacedV1]);

    expect(() => registry.register(OrderPlacedV1)).not.toThrow();
    expect(registry.entries()).toHaveLength(1);
  });

  it('throws when two classes claim the same type and version', () => {
    @EventType('test.order-placed')
    class OrderPlacedDuplicate extends DomainEvent<{ total: number }> {}
    const registry = new EventTypeRegistry([OrderPlacedV1]);

    expect(() => registry.register(OrderPlacedDuplicate)).toThrow(
      new TypeError('test.order-placed v1 is declared by both OrderPlacedV1 and OrderPlacedDuplicate'),
    );
    expect(registry.resolve('test.order-placed', 1)).toBe(OrderPlacedV1);
  });

  it('refuses a class without @EventType', () => {
    class Undecorated extends DomainEvent {}
    expect(() => new EventTypeRegistry([Undecorated])).toThrow(TypeError);
  });

  it('rejects an unknown type or version with ValidationError UNKNOWN_EVENT_TYPE', () => {
    const registry = new EventTypeRegistry([OrderPlacedV1]);
    const unknownType = { ...envelopeOf(new OrderPlacedV1({ total: 1 })), type: 'test.nope' };
    const unknownVersion = { ...envelopeOf(new OrderPlacedV1({ total: 1 })), version: 3 };

    const typeError = captureError(() => registry.deserialize(unknownType));
    const versionError = captureError(() => registry.deserialize(unknownVersion));

    expect(typeError).toBeInstanceOf(ValidationError);
    expect(typeError).toMatchObject({
      code: 'UNKNOWN_EVENT_TYPE',
      params: { type: 'test.nope', version: 1 },
    });
    expect(versionError).toMatchObject({
      code: 'UNKNOWN_EVENT_TYPE',
      params: { type: 'test.order-placed', version: 3 },
    });
  });

  it('keeps registrations per instance, with no global state', () => {
    new EventTypeRegistry([OrderCancelled]);
    expect(new EventTypeRegistry().has('test.order-cancelled', 1)).toBe(false);
  });
});
