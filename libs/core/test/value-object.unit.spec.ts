import { ValueObject } from '@ddd-kit/core';

class Money extends ValueObject<{ amount: number; currency: string }> {
  static of(amount: number, currency: string): Money {
    return new Money({ amount, currency });
  }
  get raw(): Readonly<{ amount: number; currency: string }> {
    return this.props;
  }
}

/** Same shape as Money, different concept. */
class Fee extends ValueObject<{ amount: number; currency: string }> {
  static of(amount: number, currency: string): Fee {
    return new Fee({ amount, currency });
  }
}

class Period extends ValueObject<{ from: Date; to: Date }> {
  static of(from: string, to: string): Period {
    return new Period({ from: new Date(from), to: new Date(to) });
  }
}

class Tags extends ValueObject<{ values: string[] }> {
  static of(...values: string[]): Tags {
    return new Tags({ values });
  }
}

class Price extends ValueObject<{ net: Money; gross: Money; breakdown: { label: string; part: Money }[] }> {
  static of(net: number, gross: number): Price {
    return new Price({
      net: Money.of(net, 'EUR'),
      gross: Money.of(gross, 'EUR'),
      breakdown: [{ label: 'vat', part: Money.of(gross - net, 'EUR') }],
    });
  }
}

describe('ValueObject', () => {
  it('equals another instance with the same props', () => {
    expect(Money.of(10, 'EUR').equals(Money.of(10, 'EUR'))).toBe(true);
  });

  it('differs when any prop differs', () => {
    expect(Money.of(10, 'EUR').equals(Money.of(11, 'EUR'))).toBe(false);
    expect(Money.of(10, 'EUR').equals(Money.of(10, 'USD'))).toBe(false);
  });

  it('is not equal to null or undefined', () => {
    expect(Money.of(10, 'EUR').equals(null)).toBe(false);
    expect(Money.of(10, 'EUR').equals(undefined)).toBe(false);
  });

  it('is not equal to an instance of another class with the same props', () => {
    const fee = Fee.of(10, 'EUR') as unknown as Money;
    expect(Money.of(10, 'EUR').equals(fee)).toBe(false);
  });

  it('compares Dates by their time, not by reference', () => {
    expect(Period.of('2024-01-01', '2024-02-01').equals(Period.of('2024-01-01', '2024-02-01'))).toBe(true);
    expect(Period.of('2024-01-01', '2024-02-01').equals(Period.of('2024-01-01', '2024-02-02'))).toBe(false);
  });

  it('compares arrays item by item, in order', () => {
    expect(Tags.of('a', 'b').equals(Tags.of('a', 'b'))).toBe(true);
    expect(Tags.of('a', 'b').equals(Tags.of('b', 'a'))).toBe(false);
    expect(Tags.of('a', 'b').equals(Tags.of('a', 'b', 'c'))).toBe(false);
    expect(Tags.of().equals(Tags.of())).toBe(true);
  });

  it('compares nested value objects and plain objects structurally', () => {
    expect(Price.of(100, 119).equals(Price.of(100, 119))).toBe(true);
    expect(Price.of(100, 119).equals(Price.of(100, 120))).toBe(false);
  });

  it('freezes its props: assigning throws', () => {
    const money = Money.of(10, 'EUR');

    expect(Object.isFrozen(money.raw)).toBe(true);
    expect(() => {
      (money.raw as { amount: number }).amount = 11;
    }).toThrow(TypeError);
  });

  it('copies the props it is given, so the caller keeps a mutable object of its own', () => {
    const props = { amount: 10, currency: 'EUR' };
    class Exposed extends ValueObject<typeof props> {
      constructor() {
        super(props);
      }
      get raw() {
        return this.props;
      }
    }

    const value = new Exposed();
    props.amount = 99;

    expect(Object.isFrozen(props)).toBe(false);
    expect(value.raw.amount).toBe(10);
  });
});
