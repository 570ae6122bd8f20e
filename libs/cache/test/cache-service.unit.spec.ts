import { jest } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { Gate, waitFor } from './fixture/gate.js';
import { startCacheTestApp, type CacheTestApp } from './fixture/cache-test-app.js';
import { metricValue } from './fixture/metric-value.js';

describe('CacheService on the memory store', () => {
  let app: CacheTestApp;

  beforeEach(async () => {
    app = await startCacheTestApp({ store: { type: 'memory' }, defaultTtlMs: 60_000, ttlJitter: 0 });
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await app.close();
  });

  const counter = (name: string) => metricValue(app.registry, name);

  it('gets what was set, Dates and nested values included, until it is deleted', async () => {
    const value = {
      at: new Date('2026-11-20T10:00:00.123Z'),
      lines: [{ sku: 'A', due: new Date(1) }],
      none: null,
    };
    await app.cache.set('order:1', value);

    const got = await app.cache.get<typeof value>('order:1');

    expect(got).toEqual(value);
    expect(got?.lines[0]?.due).toBeInstanceOf(Date);
    expect(got).not.toBe(value); // a copy: mutating it cannot change what the next caller gets
    await app.cache.del('order:1');
    expect(await app.cache.get('order:1')).toBeUndefined();
    expect(await counter('ddd_kit_cache_hits_total')).toBe(1);
    expect(await counter('ddd_kit_cache_misses_total')).toBe(1);
  });

  it('caches what getOrSet loads, a loaded undefined as well as null, and a loader error not at all', async () => {
    let calls = 0;
    const load =
      <T>(value: T) =>
      () => {
        calls++;
        return value;
      };
    expect(await app.cache.getOrSet('u', load(undefined))).toBeUndefined();
    expect(await app.cache.getOrSet('u', load('not undefined'))).toBeUndefined();
    expect(await app.cache.getOrSet('n', load(null))).toBeNull();
    expect(await app.cache.getOrSet('n', load('not null'))).toBeNull();
    expect(calls).toBe(2);

    await expect(app.cache.getOrSet('e', () => Promise.reject(new Error('source down')))).rejects.toThrow(
      'source down',
    );
    expect(await app.cache.getOrSet('e', load('loaded again'))).toBe('loaded again');
    expect(calls).toBe(3);
  });

  it('runs one loader for concurrent getOrSet calls of one key in this process', async () => {
    const gate = new Gate();
    let calls = 0;
    const loader = async () => {
      calls++;
      await gate.pass();
      return { n: calls, at: new Date(7) };
    };

    const pending = Array.from({ length: 20 }, () => app.cache.getOrSet('hot', loader));
    const other = app.cache.getOrSet('other', async () => 'other');
    await sleep(5);
    gate.open();
    const results = await Promise.all(pending);

    expect(calls).toBe(1);
    expect(results.every((result) => result.n === 1 && result.at.getTime() === 7)).toBe(true);
    expect(await other).toBe('other');
    expect(await app.cache.getOrSet('hot', loader)).toEqual({ n: 1, at: new Date(7) });
    expect(calls).toBe(1);
  });

  it('keeps an entry fresh for its TTL ± the jitter, never outside those bounds', async () => {
    await app.close();
    app = await startCacheTestApp({ store: { type: 'memory' }, ttlJitter: 0.1 });
    const start = Date.now();
    const now = jest.spyOn(Date, 'now').mockReturnValue(start);
    const keys = Array.from({ length: 200 }, (_, index) => `k${index}`);
    for (const key of keys) await app.cache.set(key, key, { ttlMs: 1_000 });
    const freshCount = async (at: number) => {
      now.mockReturnValue(at);
      let fresh = 0;
      for (const key of keys) if ((await app.cache.get(key)) === key) fresh++;
      return fresh;
    };

    expect(await freshCount(start + 899)).toBe(200);
    const atTtl = await freshCount(start + 1_000);
    expect(await freshCount(start + 1_100)).toBe(0);
    // With 200 entries spread over ±100 ms, both sides of the nominal TTL are populated.
    expect(atTtl).toBeGreaterThan(20);
    expect(atTtl).toBeLessThan(180);
  });

  it('serves an entry inside its stale window while one background refresh replaces it', async () => {
    const start = Date.now();
    const now = jest.spyOn(Date, 'now').mockReturnValue(start);
    let version = 1;
    const gate = new Gate();
    let refreshes = 0;
    const loader = async () => {
      if (version > 1) {
        refreshes++;
        await gate.pass();
      }
      return `v${version}`;
    };
    const options = { ttlMs: 1_000, staleMs: 5_000 };
    expect(await app.cache.getOrSet('report', loader, options)).toBe('v1');

    version = 2;
    now.mockReturnValue(start + 2_000);
    const servedWhileRefreshing = await Promise.all([
      app.cache.getOrSet('report', loader, options),
      app.cache.getOrSet('report', loader, options),
    ]);
    expect(servedWhileRefreshing).toEqual(['v1', 'v1']);
    expect(await app.cache.getOrSet('report', loader, options)).toBe('v1');
    expect(await app.cache.get('report')).toBeUndefined(); // `get` serves fresh entries only
    gate.open();
    await waitFor(async () => (await app.cache.get('report')) === 'v2', 2_000, 'the refreshed entry');

    expect(refreshes).toBe(1);
    // The two concurrent calls shared one lookup: two stale serves in all.
    expect(await counter('ddd_kit_cache_stale_served_total')).toBe(2);
    now.mockReturnValue(start + 2_000 + 7_000); // past the refreshed entry's stale window too
    version = 3;
    expect(await app.cache.getOrSet('report', loader, options)).toBe('v3');
  });

  it('drops every entry of an invalidated tag, and only those', async () => {
    await app.cache.set('a', 'a', { tags: ['sku:1'] });
    await app.cache.set('b', 'b', { tags: ['sku:1', 'location:L1'] });
    await app.cache.set('c', 'c', { tags: ['sku:2'] });
    await app.cache.set('d', 'd');

    await app.cache.invalidateTags(['sku:1']);

    expect(await app.cache.get('a')).toBeUndefined();
    expect(await app.cache.get('b')).toBeUndefined();
    expect(await app.cache.get('c')).toBe('c');
    expect(await app.cache.get('d')).toBe('d');
    await app.cache.set('a', 'a2', { tags: ['sku:1'] });
    expect(await app.cache.get('a')).toBe('a2');
  });

  it('does not cache a value loaded before an invalidation of its tag', async () => {
    const gate = new Gate();
    const loading = app.cache.getOrSet(
      'stock',
      async () => {
        await gate.pass();
        return 'read before the change';
      },
      { tags: ['stock'] },
    );
    await sleep(5);
    await app.cache.invalidateTags(['stock']);
    gate.open();

    expect(await loading).toBe('read before the change');
    expect(await app.cache.get('stock')).toBeUndefined();
    expect(await app.cache.getOrSet('stock', () => 'read after', { tags: ['stock'] })).toBe('read after');
    expect(await app.cache.get('stock')).toBe('read after');
  });

  it('refuses a TTL or stale window that makes no sense', async () => {
    await expect(app.cache.getOrSet('x', () => 1, { ttlMs: 0 })).rejects.toThrow(TypeError);
    await expect(app.cache.set('x', 1, { staleMs: -1 })).rejects.toThrow(TypeError);
  });
});
