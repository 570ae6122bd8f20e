import { decodeCacheValue, encodeCacheValue } from '../src/entry/cache-value-codec.js';

const roundTrip = (value: unknown): unknown => {
  const text = encodeCacheValue(value);
  return text === undefined ? undefined : decodeCacheValue(text);
};

describe('cache value codec', () => {
  it('round-trips Dates exactly, at any depth, and invalid Dates as invalid Dates', () => {
    const at = new Date('2026-11-20T10:11:12.345Z');
    const value = {
      at,
      nested: { list: [at, { deeper: new Date(0) }] },
      dates: [new Date(-1), new Date(8.64e15)],
    };

    const back = roundTrip(value) as typeof value;
    const invalid = roundTrip({ invalid: new Date(Number.NaN) }) as { invalid: Date };

    expect(back).toEqual(value);
    expect(back.at).toBeInstanceOf(Date);
    expect(back.at.getTime()).toBe(at.getTime());
    expect(back.nested.list[0]).toBeInstanceOf(Date);
    expect((back.nested.list[1] as { deeper: Date }).deeper.getTime()).toBe(0);
    expect(back.dates.map((d) => d.getTime())).toEqual([-1, 8.64e15]);
    expect(invalid.invalid).toBeInstanceOf(Date);
    expect(Number.isNaN(invalid.invalid.getTime())).toBe(true);
    expect(roundTrip(at)).toEqual(at);
  });

  it('keeps null and undefined apart: null stays null, undefined stays undefined', () => {
    expect(roundTrip(null)).toBeNull();
    expect(encodeCacheValue(undefined)).toBeUndefined();
    expect(roundTrip([1, undefined, null, 2])).toEqual([1, undefined, null, 2]);
    const back = roundTrip({ a: null, b: undefined, c: 1 }) as Record<string, unknown>;
    expect(back).toStrictEqual({ a: null, c: 1 }); // an undefined property reads back as undefined
    expect(back['b']).toBeUndefined();
  });

  it('keeps primitives, nested objects and arrays, and follows JSON for the rest', () => {
    const value = { s: 'x "$date" y', n: 1.5, t: true, list: [[1, [2]], { k: 'v' }], empty: {} };
    expect(roundTrip(value)).toStrictEqual(value);
    expect(roundTrip({ n: Number.NaN, i: Infinity })).toStrictEqual({ n: null, i: null });
    expect(roundTrip({ map: new Map([[1, 2]]), fn: () => 1 })).toStrictEqual({ map: {} });
    expect(roundTrip({ custom: { toJSON: () => 'custom' } })).toStrictEqual({ custom: 'custom' });
    class Point {
      constructor(
        readonly x: number,
        readonly y: number,
      ) {}
    }
    expect(roundTrip(new Point(1, 2))).toStrictEqual({ x: 1, y: 2 });
  });

  it('does not mistake user objects shaped like its markers for markers', () => {
    const value = [{ $date: 5 }, { $undefined: 1 }, { $object: { $date: 7 } }, { $date: 'x', other: 1 }];
    expect(roundTrip(value)).toStrictEqual(value);
    expect(roundTrip({ $date: 5 })).toStrictEqual({ $date: 5 });
  });

  it('keeps a "__proto__" key as data, never as the prototype', () => {
    const value = JSON.parse('{"__proto__": {"polluted": true, "at": 1}, "when": 2}') as object;
    const withDate = { ...value, at: new Date(3) };
    Object.defineProperty(withDate, '__proto__', {
      value: { polluted: new Date(4) },
      enumerable: true,
      writable: true,
      configurable: true,
    });

    const back = roundTrip(withDate) as Record<string, unknown>;

    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(back, '__proto__')?.value).toEqual({ polluted: new Date(4) });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('refuses what JSON cannot hold: bigints and cycles', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(() => encodeCacheValue({ big: 1n })).toThrow(TypeError);
    expect(() => encodeCacheValue(cyclic)).toThrow(TypeError);
    const shared = { n: 1 };
    expect(roundTrip({ a: shared, b: shared })).toStrictEqual({ a: { n: 1 }, b: { n: 1 } });
  });
});
