import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { Gate, waitFor } from './fixture/gate.js';
import { startCacheTestApp, uniqueKeyPrefix, type CacheTestApp } from './fixture/cache-test-app.js';
import { deleteKeysUnder, keysUnder, rawRedis, TEST_REDIS_URL } from './fixture/redis-test-client.js';

describe('CacheService on Redis', () => {
  const keyPrefix = uniqueKeyPrefix();
  let app: CacheTestApp;
  let redis: Redis;

  beforeAll(async () => {
    redis = rawRedis();
    app = await startCacheTestApp({ store: { type: 'redis', url: TEST_REDIS_URL }, keyPrefix, ttlJitter: 0 });
  });
  afterAll(async () => {
    await app?.close();
    await deleteKeysUnder(redis, keyPrefix);
    redis.disconnect();
  });

  it('gets what was set (Dates, null, nested), and nothing once deleted', async () => {
    const value = {
      id: 'o-1',
      placedAt: new Date('2026-11-20T08:00:00.001Z'),
      lines: [{ qty: 2, note: null }],
    };
    await app.cache.set('order:o-1', value);
    await app.cache.set('order:o-2', 'second');

    const got = await app.cache.get<typeof value>('order:o-1');
    expect(got).toEqual(value);
    expect(got?.placedAt).toBeInstanceOf(Date);

    await app.cache.del(['order:o-1', 'order:o-2']);
    expect(await app.cache.get('order:o-1')).toBeUndefined();
    expect(await app.cache.get('order:o-2')).toBeUndefined();
  });

  it('stores the entry under the namespaced key, for its TTL plus stale window, then it is gone', async () => {
    await app.cache.set('short', 'lived', { ttlMs: 1_000 });
    expect(await app.cache.get('short')).toBe('lived');
    await app.cache.set('long', 'lived', { ttlMs: 60_000, staleMs: 30_000 });

    expect(await keysUnder(redis, `${keyPrefix}:_:key:`)).toEqual(
      [`${keyPrefix}:_:key:long`, `${keyPrefix}:_:key:short`].sort(),
    );
    const pttl = await redis.pttl(`${keyPrefix}:_:key:long`);
    expect(pttl).toBeGreaterThan(89_000);
    expect(pttl).toBeLessThanOrEqual(90_000);
    await waitFor(async () => (await app.cache.get('short')) === undefined, 3_000, 'the entry to expire');
    // Redis drops it too, a few ms later at most: its clock started when the SET arrived.
    await waitFor(async () => (await redis.exists(`${keyPrefix}:_:key:short`)) === 0, 1_000, 'Redis expiry');
  });

  it('drops tagged entries on invalidation and keeps the others', async () => {
    await app.cache.set('sku:A:levels', 'A', { tags: ['sku:A'] });
    await app.cache.set('sku:B:levels', 'B', { tags: ['sku:B'] });
    await app.cache.set('all:levels', 'all', { tags: ['sku:A', 'sku:B'] });

    await app.cache.invalidateTags(['sku:A']);

    expect(await app.cache.get('sku:A:levels')).toBeUndefined();
    expect(await app.cache.get('all:levels')).toBeUndefined();
    expect(await app.cache.get('sku:B:levels')).toBe('B');
  });

  it('does not cache a load that started before an invalidation, even as fresh for a moment', async () => {
    const gate = new Gate();
    let loads = 0;
    const loader = async () => {
      loads++;
      if (loads === 1) await gate.pass();
      return `load ${loads}`;
    };
    const first = app.cache.getOrSet('race', loader, { tags: ['stock'] });
    await waitFor(() => loads === 1, 2_000, 'the load to start');
    await app.cache.invalidateTags(['stock']); // the projector committed a change meanwhile
    gate.open();

    expect(await first).toBe('load 1'); // the caller still gets its answer…
    expect(await redis.exists(`${keyPrefix}:_:key:race`)).toBe(0); // …but Redis refused to store it
    expect(await app.cache.get('race')).toBeUndefined();
    expect(await app.cache.getOrSet('race', loader, { tags: ['stock'] })).toBe('load 2');
    expect(await app.cache.getOrSet('race', loader, { tags: ['stock'] })).toBe('load 2');
  });

  it('treats an entry as gone when its tag version vanished, e.g. evicted by Redis', async () => {
    await app.cache.set('evicted-tag', 'value', { tags: ['gone'] });
    expect(await app.cache.get('evicted-tag')).toBe('value');

    await redis.del(`${keyPrefix}:_:tag:gone`);

    expect(await redis.exists(`${keyPrefix}:_:key:evicted-tag`)).toBe(1);
    expect(await app.cache.get('evicted-tag')).toBeUndefined();
  });

  it('checks every tag of an entry, also those the reader did not name', async () => {
    await app.cache.set('two-tags', 'value', { tags: ['named', 'unnamed'] });
    const read = () => app.cache.getOrSet('two-tags', () => 'reloaded', { tags: ['named'] });
    expect(await read()).toBe('value');

    await app.cache.invalidateTags(['unnamed']);

    expect(await read()).toBe('reloaded');
  });

  it('keeps each tag at least as long as the entries stamped with it', async () => {
    await app.cache.set('short-tagged', 1, { ttlMs: 1_000, tags: ['shared'] });
    await app.cache.set('long-tagged', 2, { ttlMs: 120_000, tags: ['shared'] });

    expect(await redis.pttl(`${keyPrefix}:_:tag:shared`)).toBeGreaterThan(119_000);
    await sleep(1); // the tag's TTL is not shortened by a shorter entry written later
    await app.cache.set('short-again', 3, { ttlMs: 1_000, tags: ['shared'] });
    expect(await redis.pttl(`${keyPrefix}:_:tag:shared`)).toBeGreaterThan(119_000);
  });

  it('counts a cached undefined as a hit for getOrSet, and reads back unreadable data as a miss', async () => {
    let loads = 0;
    const loader = () => {
      loads++;
      return undefined;
    };
    expect(await app.cache.getOrSet('nothing', loader)).toBeUndefined();
    expect(await app.cache.getOrSet('nothing', loader)).toBeUndefined();
    expect(loads).toBe(1);

    await redis.set(`${keyPrefix}:_:key:garbled`, '[]\nnot json at all', 'PX', 60_000);
    expect(await app.cache.get('garbled')).toBeUndefined();
    expect(await app.cache.getOrSet('garbled', () => 'repaired')).toBe('repaired');
    expect(await app.cache.get('garbled')).toBe('repaired');
  });
});
