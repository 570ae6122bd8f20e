import {
  Aggregate,
  AggregateRoot,
  DomainEvent,
  EventType,
  findAggregateType,
  isAggregateRoot,
} from '@ddd-kit/core';

@EventType('test.counter-incremented')
class CounterIncremented extends DomainEvent<{ by: number }> {}

@Aggregate('test.counter')
class Counter extends AggregateRoot {
  value = 0;

  constructor(readonly id: string) {
    super();
  }

  increment(by = 1): void {
    this.value += by;
    this.record(new CounterIncremented({ by }));
  }

  recordEvent(event: DomainEvent): void {
    this.record(event);
  }
}

/** Builds a counter the way an ORM hydrates it: prototype only, no constructor run. */
function hydrate(id: string, value: number): Counter {
  return Object.assign(Object.create(Counter.prototype) as Counter, { id, value });
}

describe('AggregateRoot', () => {
  it('gives up recorded events in order, exactly once', () => {
    const counter = new Counter('c-1');
    counter.increment(1);
    counter.increment(2);

    expect(counter.hasPendingEvents).toBe(true);
    expect(counter.pullPendingEvents().map((event) => event.data)).toEqual([{ by: 1 }, { by: 2 }]);
    expect(counter.pullPendingEvents()).toEqual([]);
    expect(counter.hasPendingEvents).toBe(false);
  });

  it('fills missing metadata from the defaults given to pullPendingEvents, keeping keys already set', () => {
    const counter = new Counter('c-1');
    counter.recordEvent(new CounterIncremented({ by: 1 }, { metadata: { causationId: 'cmd-1' } }));

    const [event] = counter.pullPendingEvents({ causationId: 'ctx', correlationId: 'corr-1' });

    expect(event?.metadata).toEqual({ causationId: 'cmd-1', correlationId: 'corr-1' });
    expect(event?.aggregateId).toBe('c-1');
    expect(Object.isFrozen(event)).toBe(true);
  });

  it('lets pendingEvents peek without emptying the buffer, and returns a copy', () => {
    const counter = new Counter('c-1');
    counter.increment();

    const peeked = counter.pendingEvents as DomainEvent[];
    peeked.length = 0;

    expect(counter.pendingEvents).toHaveLength(1);
    expect(counter.pullPendingEvents()).toHaveLength(1);
  });

  it('returns no events from an aggregate that never recorded any', () => {
    expect(new Counter('c-1').pullPendingEvents()).toEqual([]);
    expect(new Counter('c-1').hasPendingEvents).toBe(false);
  });

  it('binds pulled events to the @Aggregate type and the id, keeping the recorded event unchanged', () => {
    const counter = new Counter('c-7');
    const raised = new CounterIncremented({ by: 3 });
    counter.recordEvent(raised);

    const [pulled] = counter.pullPendingEvents();

    expect(pulled).toBeInstanceOf(CounterIncremented);
    expect(pulled).toMatchObject({ aggregateType: 'test.counter', aggregateId: 'c-7', isRecorded: true });
    expect(pulled?.eventId).toBe(raised.eventId);
    expect(pulled?.data).toBe(raised.data);
    expect(raised.isRecorded).toBe(false);
    expect(raised.aggregateId).toBe('');
  });

  it('binds events to a non-string id as its string form', () => {
    @Aggregate('test.numbered')
    class Numbered extends AggregateRoot<number> {
      readonly id = 42;
      touch(): void {
        this.record(new CounterIncremented({ by: 1 }));
      }
    }
    const numbered = new Numbered();
    numbered.touch();

    expect(numbered.pullPendingEvents()[0]?.aggregateId).toBe('42');
  });

  it('records events on an aggregate hydrated without its constructor', () => {
    const counter = hydrate('c-9', 5);
    counter.increment();

    const [event] = counter.pullPendingEvents();
    expect(counter.value).toBe(6);
    expect(event).toMatchObject({ aggregateType: 'test.counter', aggregateId: 'c-9' });
  });

  it('keeps a separate buffer per instance, also for hydrated instances sharing a prototype', () => {
    const first = hydrate('c-1', 0);
    const second = hydrate('c-2', 0);
    const built = new Counter('c-3');
    first.increment();

    expect(second.hasPendingEvents).toBe(false);
    expect(built.hasPendingEvents).toBe(false);
  });

  it('keeps the pending buffer out of enumeration, spreads and JSON', () => {
    const counter = new Counter('c-1');
    counter.increment();

    expect(Object.keys(counter).sort()).toEqual(['id', 'value']);
    expect(Object.getOwnPropertySymbols({ ...counter })).toEqual([]);
    expect(JSON.parse(JSON.stringify(counter))).toEqual({ id: 'c-1', value: 1 });
  });

  it('throws a clear TypeError for an aggregate without @Aggregate and keeps its events', () => {
    class Undeclared extends AggregateRoot {
      readonly id = 'u-1';
      touch(): void {
        this.record(new CounterIncremented({ by: 1 }));
      }
    }
    const undeclared = new Undeclared();
    undeclared.touch();

    expect(() => undeclared.pullPendingEvents()).toThrow(
      new TypeError('Undeclared has no @Aggregate(...): declare a stable type name for it'),
    );
    expect(undeclared.pendingEvents).toHaveLength(1);
  });

  it('lets a subclass inherit its parent @Aggregate type unless it declares its own', () => {
    class SpecialCounter extends Counter {}
    @Aggregate('test.other-counter')
    class OtherCounter extends Counter {}

    expect(findAggregateType(SpecialCounter)).toBe('test.counter');
    expect(findAggregateType(OtherCounter)).toBe('test.other-counter');
    expect(findAggregateType(Counter)).toBe('test.counter');
  });

  it('rejects an aggregate type that is not lower-case dotted words', () => {
    expect(() => Aggregate('Test.Counter')).toThrow(TypeError);
    expect(() => Aggregate('test counter')).toThrow(TypeError);
  });

  it('recognizes aggregate roots, constructed or hydrated, with isAggregateRoot', () => {
    expect(isAggregateRoot(new Counter('c-1'))).toBe(true);
    expect(isAggregateRoot(hydrate('c-1', 0))).toBe(true);
    expect(isAggregateRoot({ id: 'c-1', pullPendingEvents: () => [] })).toBe(false);
    expect(isAggregateRoot(null)).toBe(false);
  });
});
