import { Aggregate, AggregateRoot, Entity } from '@ddd-kit/core';

class Line extends Entity {
  constructor(readonly id: string) {
    super();
  }
}

class OtherLine extends Entity {
  constructor(readonly id: string) {
    super();
  }
}

@Aggregate('test.order')
class Order extends AggregateRoot<number> {
  status = 'draft';

  constructor(readonly id: number) {
    super();
  }
}

describe('Entity.equals', () => {
  it('is true for the same class and id, whatever the other attributes', () => {
    const renamed = Object.assign(new Order(7), { status: 'placed' });

    expect(new Line('l-1').equals(new Line('l-1'))).toBe(true);
    expect(new Order(7).equals(renamed)).toBe(true);
  });

  it('is true between a constructed and a hydrated instance with the same id', () => {
    const hydrated = Object.assign(Object.create(Order.prototype) as Order, { id: 7, status: 'placed' });

    expect(new Order(7).equals(hydrated)).toBe(true);
    expect(hydrated.equals(new Order(7))).toBe(true);
  });

  it('is false for a different id', () => {
    expect(new Line('l-1').equals(new Line('l-2'))).toBe(false);
    expect(new Order(7).equals(new Order(8))).toBe(false);
  });

  it('is false for another class with the same id', () => {
    expect(new Line('l-1').equals(new OtherLine('l-1'))).toBe(false);
  });

  it('is false for null and undefined', () => {
    expect(new Line('l-1').equals(null)).toBe(false);
    expect(new Line('l-1').equals(undefined)).toBe(false);
  });

  it('treats entities without an id as distinct unless they are the same object', () => {
    const first = Object.create(Line.prototype) as Line;
    const second = Object.create(Line.prototype) as Line;

    expect(first.equals(second)).toBe(false);
    expect(first.equals(first)).toBe(true);
  });
});
