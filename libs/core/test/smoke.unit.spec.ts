import { AggregateRoot, Aggregate, DomainEvent, EventType } from '@ddd-kit/core';

@EventType('test.thing-happened')
class ThingHappened extends DomainEvent<{ n: number }> {}

@Aggregate('test.thing')
class Thing extends AggregateRoot {
  readonly id = 't1';
  happen(): void {
    this.record(new ThingHappened({ n: 1 }));
  }
}

test('smoke', () => {
  const thing = Object.create(Thing.prototype) as Thing;
  Object.assign(thing, { id: 't1' });
  thing.happen();
  const [event] = thing.pullPendingEvents();
  expect(event?.aggregateId).toBe('t1');
  expect(event?.type).toBe('test.thing-happened');
  expect(thing.pullPendingEvents()).toEqual([]);
});
