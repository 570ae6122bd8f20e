import {
  DomainEvent,
  EventType,
  findEventType,
  restoreEvent,
  type EventEnvelope,
  type EventMetadata,
} from '@ddd-kit/core';

type StockData = { sku: string; lines: { bin: string; quantity: number }[] };

@EventType('test.inventory.stock-received', { version: 2 })
class StockReceived extends DomainEvent<StockData> {}

@EventType('test.inventory.stock-counted')
class StockCounted extends DomainEvent<{ sku: string }> {}

class Undecorated extends DomainEvent<{ sku: string }> {}

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function received(metadata: EventMetadata = {}): StockReceived {
  return new StockReceived({ sku: 'SKU-1', lines: [{ bin: 'A1', quantity: 5 }] }, { metadata });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('DomainEvent', () => {
  it('gives each instance its own UUIDv7 eventId', () => {
    const ids = Array.from({ length: 50 }, () => received().eventId);

    for (const id of ids) expect(id).toMatch(UUID_V7);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('gives each instance its own occurredAt, taken when it is created', async () => {
    const before = Date.now();
    const first = received();
    await sleep(5);
    const second = received();

    expect(first.occurredAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(second.occurredAt.getTime()).toBeGreaterThan(first.occurredAt.getTime());
    expect(second.occurredAt).not.toBe(first.occurredAt);
  });

  it('uses occurredAt from the options when given', () => {
    const occurredAt = new Date('2024-05-01T10:00:00.000Z');
    expect(new StockCounted({ sku: 'S' }, { occurredAt }).occurredAt.toISOString()).toBe(
      occurredAt.toISOString(),
    );
  });

  it('is frozen: assigning a field throws', () => {
    const event = received();

    expect(Object.isFrozen(event)).toBe(true);
    expect(() => {
      (event as { eventId: string }).eventId = 'forged';
    }).toThrow(TypeError);
  });

  it('deep-freezes its data, including nested arrays and objects', () => {
    const data = received().data as StockData;

    expect(() => {
      data.sku = 'SKU-2';
    }).toThrow(TypeError);
    expect(() => data.lines.push({ bin: 'B2', quantity: 1 })).toThrow(TypeError);
    expect(() => {
      (data.lines[0] as { quantity: number }).quantity = 99;
    }).toThrow(TypeError);
  });

  it('takes type and version from @EventType, never from the class name', () => {
    const event = received();

    expect(event.type).toBe('test.inventory.stock-received');
    expect(event.version).toBe(2);
    expect(new StockCounted({ sku: 'S' }).version).toBe(1);
  });

  it('throws a TypeError naming the class when @EventType is missing', () => {
    const event = new Undecorated({ sku: 'S' });

    expect(() => event.type).toThrow(
      new TypeError('Undecorated has no @EventType(...): declare a stable type string for it'),
    );
    expect(() => event.toEnvelope()).toThrow(TypeError);
  });

  it("does not let a subclass inherit its parent's @EventType", () => {
    class CorrectedStockReceived extends StockReceived {}

    expect(findEventType(CorrectedStockReceived)).toBeUndefined();
    expect(() => new CorrectedStockReceived({ sku: 'S', lines: [] }).type).toThrow(TypeError);
    expect(findEventType(StockReceived)).toEqual({ type: 'test.inventory.stock-received', version: 2 });
  });

  it('rejects malformed type strings and versions in @EventType', () => {
    expect(() => EventType('StockReceived')).toThrow(TypeError);
    expect(() => EventType('test..received')).toThrow(TypeError);
    expect(() => EventType('test.received', { version: 0 })).toThrow(TypeError);
    expect(() => EventType('test.received', { version: 1.5 })).toThrow(TypeError);
  });

  it('keeps only known, non-empty metadata keys', () => {
    const metadata = { tenantId: 't-1', actorId: '', locale: 'en' } as EventMetadata;
    expect(received(metadata).metadata).toEqual({ tenantId: 't-1' });
  });

  it('withMetadataDefaults fills only missing keys and returns a new frozen copy', () => {
    const event = received({ tenantId: 't-1' });

    const filled = event.withMetadataDefaults({ tenantId: 't-2', actorId: 'u-1', correlationId: 'c-1' });

    expect(filled).not.toBe(event);
    expect(filled).toBeInstanceOf(StockReceived);
    expect(filled.metadata).toEqual({ tenantId: 't-1', actorId: 'u-1', correlationId: 'c-1' });
    expect(Object.isFrozen(filled)).toBe(true);
    expect(Object.isFrozen(filled.metadata)).toBe(true);
    expect(filled.eventId).toBe(event.eventId);
    expect(filled.occurredAt).toEqual(event.occurredAt);
    expect(filled.data).toEqual(event.data);
    expect(event.metadata).toEqual({ tenantId: 't-1' });
  });

  it('recordedBy returns a bound frozen copy and leaves the original unbound', () => {
    const event = received();

    const bound = event.recordedBy('test.stock-item', 'si-1');

    expect(bound).toBeInstanceOf(StockReceived);
    expect(bound).toMatchObject({ aggregateType: 'test.stock-item', aggregateId: 'si-1', isRecorded: true });
    expect(bound.eventId).toBe(event.eventId);
    expect(Object.isFrozen(bound)).toBe(true);
    expect(event).toMatchObject({ aggregateType: '', aggregateId: '', isRecorded: false });
  });

  it('serializes to an envelope', () => {
    const occurredAt = new Date('2024-05-01T10:00:00.000Z');
    const event = new StockCounted({ sku: 'S' }, { occurredAt, metadata: { tenantId: 't-1' } }).recordedBy(
      'test.stock-item',
      'si-1',
    );

    expect(event.toEnvelope()).toEqual({
      eventId: event.eventId,
      type: 'test.inventory.stock-counted',
      version: 1,
      occurredAt: '2024-05-01T10:00:00.000Z',
      aggregateType: 'test.stock-item',
      aggregateId: 'si-1',
      metadata: { tenantId: 't-1' },
      data: { sku: 'S' },
    });
  });

  it('survives a JSON round trip through restoreEvent with its identity and time', () => {
    const event = received({ correlationId: 'c-1' }).recordedBy('test.stock-item', 'si-1');

    const restored = restoreEvent(StockReceived, JSON.parse(JSON.stringify(event)) as EventEnvelope);

    expect(restored).toBeInstanceOf(StockReceived);
    expect(restored.eventId).toBe(event.eventId);
    expect(restored.occurredAt.getTime()).toBe(event.occurredAt.getTime());
    expect(restored.toEnvelope()).toEqual(event.toEnvelope());
    expect(Object.isFrozen(restored)).toBe(true);
    expect(Object.isFrozen(restored.data.lines[0])).toBe(true);
  });
});
