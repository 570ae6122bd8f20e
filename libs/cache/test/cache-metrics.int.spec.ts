import type { Redis } from 'ioredis';
import { register } from 'prom-client';
import { startCacheTestApp, uniqueKeyPrefix } from './fixture/cache-test-app.js';
import { metricValue } from './fixture/metric-value.js';
import { deleteKeysUnder, rawRedis, TEST_REDIS_URL } from './fixture/redis-test-client.js';

const CACHE_METRICS = [
  'ddd_kit_cache_hits_total',
  'ddd_kit_cache_misses_total',
  'ddd_kit_cache_stale_served_total',
  'ddd_kit_cache_lock_wait_timeouts_total',
  'ddd_kit_cache_errors_total',
  'ddd_kit_cache_load_seconds',
];

describe('CacheMetrics', () => {
  const keyPrefix = uniqueKeyPrefix();
  let redis: Redis;

  beforeAll(() => {
    redis = rawRedis();
  });
  afterAll(async () => {
    await deleteKeysUnder(redis, keyPrefix);
    redis.disconnect();
  });

  it('counts hits, misses, loads and store errors by operation', async () => {
    const app = await startCacheTestApp({ store: { type: 'redis', url: TEST_REDIS_URL }, keyPrefix });
    try {
      const value = (name: string, labels?: Record<string, string>) =>
        metricValue(app.registry, name, labels);
      await app.cache.getOrSet('a', () => 1); // miss + load
      await app.cache.getOrSet('a', () => 1); // hit
      await app.cache.get('a'); // hit
      await app.cache.get('b'); // miss
      const cyclic: Record<string, unknown> = {};
      cyclic['self'] = cyclic;
      await app.cache.set('cyclic', cyclic); // an unencodable value: a write error

      expect(await value('ddd_kit_cache_hits_total')).toBe(2);
      expect(await value('ddd_kit_cache_misses_total')).toBe(2);
      expect(await value('ddd_kit_cache_load_seconds_count')).toBe(1);
      expect(await value('ddd_kit_cache_stale_served_total')).toBe(0);
      expect(await value('ddd_kit_cache_errors_total', { operation: 'write' })).toBe(1);
      expect(await value('ddd_kit_cache_errors_total', { operation: 'read' })).toBe(0);
    } finally {
      await app.close();
    }
  });

  it("registers on prom-client's global registry by default, and removes its metrics on close", async () => {
    const app = await startCacheTestApp(
      { store: { type: 'redis', url: TEST_REDIS_URL }, keyPrefix },
      { defaultRegistry: true },
    );
    try {
      await app.cache.get('anything');
      expect(CACHE_METRICS.every((name) => register.getSingleMetric(name) !== undefined)).toBe(true);
      expect(await metricValue(register, 'ddd_kit_cache_misses_total')).toBe(1);
    } finally {
      await app.close();
    }
    expect(CACHE_METRICS.filter((name) => register.getSingleMetric(name) !== undefined)).toEqual([]);
  });
});
