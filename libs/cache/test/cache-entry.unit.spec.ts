import { decodeCacheEntry, encodeCacheEntry, entryLifetime, entryState } from '../src/entry/cache-entry.js';

describe('cache entries', () => {
  it('spreads the TTL by at most ± the jitter fraction, and adds the stale window after it', () => {
    const options = { ttlMs: 1_000, staleMs: 500, jitter: 0.1 };
    expect(entryLifetime(10_000, options, () => 0)).toEqual({ freshUntil: 10_900, staleUntil: 11_400 });
    expect(entryLifetime(10_000, options, () => 0.5)).toEqual({ freshUntil: 11_000, staleUntil: 11_500 });
    expect(entryLifetime(10_000, options, () => 0.999_999)).toEqual({
      freshUntil: 11_100,
      staleUntil: 11_600,
    });
    expect(entryLifetime(10_000, { ...options, jitter: 0 }, Math.random).freshUntil).toBe(11_000);

    const spread = Array.from({ length: 1_000 }, () => entryLifetime(0, options).freshUntil);
    expect(Math.min(...spread)).toBeGreaterThanOrEqual(900);
    expect(Math.max(...spread)).toBeLessThanOrEqual(1_100);
    expect(new Set(spread).size).toBeGreaterThan(50); // actually spread, not one value
  });

  it('is fresh before its TTL, stale inside its stale window, then expired', () => {
    const lifetime = { freshUntil: 100, staleUntil: 150 };
    expect(entryState(lifetime, 99)).toBe('fresh');
    expect(entryState(lifetime, 100)).toBe('stale');
    expect(entryState(lifetime, 149)).toBe('stale');
    expect(entryState(lifetime, 150)).toBe('expired');
    expect(entryState({ freshUntil: 100, staleUntil: 100 }, 100)).toBe('expired');
  });

  it('round-trips the value and lifetime, a cached undefined included', () => {
    const value = { at: new Date(5), list: [undefined] };
    expect(decodeCacheEntry(encodeCacheEntry(value, { freshUntil: 7, staleUntil: 9 }))).toEqual({
      value,
      freshUntil: 7,
      staleUntil: 9,
    });
    const empty = decodeCacheEntry(encodeCacheEntry(undefined, { freshUntil: 7, staleUntil: 7 }));
    expect(empty).toEqual({ value: undefined, freshUntil: 7, staleUntil: 7 });
    expect(decodeCacheEntry(encodeCacheEntry(null, { freshUntil: 7, staleUntil: 7 })).value).toBeNull();
    expect(() => decodeCacheEntry('"not an entry"')).toThrow(TypeError);
  });
});
