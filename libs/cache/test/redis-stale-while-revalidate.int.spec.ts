import type { Redis } from 'ioredis';
import type { CacheModuleOptions } from '@ddd-kit/cache';
import { Gate, waitFor } from './fixture/gate.js';
import { startCacheTestApp, uniqueKeyPrefix, type CacheTestApp } from './fixture/cache-test-app.js';
import { metricValue } from './fixture/metric-value.js';
import { deleteKeysUnder, rawRedis, TEST_REDIS_URL } from './fixture/redis-test-client.js';

describe('Stale-while-revalidate on Redis', () => {
  const keyPrefix = uniqueKeyPrefix();
  const options: CacheModuleOptions = {
    store: { type: 'redis', url: TEST_REDIS_URL },
    keyPrefix,
    ttlJitter: 0,
  };
  let one: CacheTestApp;
  let two: CacheTestApp;
  let redis: Redis;

  beforeAll(async () => {
    redis = rawRedis();
    [one, two] = await Promise.all([startCacheTestApp(options), startCacheTestApp(options)]);
  });
  afterAll(async () => {
    await one?.close();
    await two?.close();
    await deleteKeysUnder(redis, keyPrefix);
    redis.disconnect();
  });

  it('serves the stale entry at once from both processes while exactly one refreshes it', async () => {
    const entry = { ttlMs: 100, staleMs: 60_000 };
    let version = 1;
    let refreshes = 0;
    const gate = new Gate();
    const loader = async () => {
      if (version > 1) {
        refreshes++;
        await gate.pass();
      }
      return { version, at: new Date(version) };
    };
    expect(await one.cache.getOrSet('dashboard', loader, entry)).toEqual({ version: 1, at: new Date(1) });
    await waitFor(async () => (await one.cache.get('dashboard')) === undefined, 3_000, 'freshness to end');

    version = 2;
    const served = [];
    for (let round = 0; round < 3; round++) {
      served.push(
        ...(await Promise.all([
          one.cache.getOrSet('dashboard', loader, entry),
          two.cache.getOrSet('dashboard', loader, entry),
        ])),
      );
    }
    expect(served).toEqual(Array.from({ length: 6 }, () => ({ version: 1, at: new Date(1) })));
    gate.open();
    await waitFor(
      async () => (await two.cache.get<{ version: number }>('dashboard'))?.version === 2,
      3_000,
      'the refreshed entry',
    );

    expect(refreshes).toBe(1);
    const staleServed =
      (await metricValue(one.registry, 'ddd_kit_cache_stale_served_total')) +
      (await metricValue(two.registry, 'ddd_kit_cache_stale_served_total'));
    expect(staleServed).toBe(6);
    expect(await one.cache.getOrSet('dashboard', loader, entry)).toEqual({ version: 2, at: new Date(2) });
  });

  it('does not serve a stale entry whose tag was invalidated', async () => {
    const entry = { ttlMs: 100, staleMs: 60_000, tags: ['orders'] };
    await one.cache.getOrSet('orders', () => 'before', entry);
    await waitFor(async () => (await one.cache.get('orders')) === undefined, 3_000, 'freshness to end');
    await one.cache.invalidateTags(['orders']);

    expect(await two.cache.getOrSet('orders', () => 'after', entry)).toBe('after');
  });
});
