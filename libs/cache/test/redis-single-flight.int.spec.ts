import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import type { CacheModuleOptions } from '@ddd-kit/cache';
import { Gate, waitFor } from './fixture/gate.js';
import { startCacheTestApp, uniqueKeyPrefix, type CacheTestApp } from './fixture/cache-test-app.js';
import { metricValue } from './fixture/metric-value.js';
import { deleteKeysUnder, rawRedis, TEST_REDIS_URL } from './fixture/redis-test-client.js';

/**
 * Two apps, each with its own CacheService and ioredis connection, on one Redis and key prefix:
 * two processes of one service, as far as the cache can tell.
 */
describe('Single flight across processes', () => {
  const keyPrefix = uniqueKeyPrefix();
  const options: CacheModuleOptions = {
    store: { type: 'redis', url: TEST_REDIS_URL },
    keyPrefix,
    lock: { ttlMs: 5_000, waitTimeoutMs: 5_000 },
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

  const loadsOf = async (app: CacheTestApp) => metricValue(app.registry, 'ddd_kit_cache_load_seconds_count');

  it('runs the loader once for N concurrent getOrSet calls of one key from two processes', async () => {
    const gate = new Gate();
    let loads = 0;
    const loader = async () => {
      loads++;
      await gate.pass();
      return { level: 42, at: new Date(5) };
    };
    const calls = Array.from({ length: 20 }, (_, index) =>
      (index % 2 === 0 ? one : two).cache.getOrSet('hot-key', loader, { tags: ['stock'] }),
    );
    await waitFor(() => loads === 1, 2_000, 'the first load');
    await sleep(50); // the other process is polling by now: it must not load
    gate.open();
    const results = await Promise.all(calls);

    expect(loads).toBe(1);
    expect(results).toEqual(Array.from({ length: 20 }, () => ({ level: 42, at: new Date(5) })));
    expect((await loadsOf(one)) + (await loadsOf(two))).toBe(1);
    expect(await redis.exists(`${keyPrefix}:_:lock:hot-key`)).toBe(0); // released
  });

  it('lets a waiter take over when the loading process fails, and still loads once', async () => {
    let loads = 0;
    const failing = one.cache.getOrSet('flaky', async () => {
      loads++;
      await sleep(50);
      throw new Error('source failed');
    });
    await waitFor(() => loads === 1, 2_000, 'the first load');
    const waiter = two.cache.getOrSet('flaky', async () => {
      loads++;
      return 'second try';
    });

    await expect(failing).rejects.toThrow('source failed');
    expect(await waiter).toBe('second try');
    expect(loads).toBe(2);
  });

  it('stops waiting at the timeout and loads itself when the lock owner is stuck', async () => {
    const impatient = await startCacheTestApp({ ...options, lock: { ttlMs: 5_000, waitTimeoutMs: 150 } });
    try {
      await redis.set(`${keyPrefix}:_:lock:stuck`, 'a crashed owner', 'PX', 5_000);
      const started = performance.now();

      expect(await impatient.cache.getOrSet('stuck', () => 'loaded alone')).toBe('loaded alone');

      const waited = performance.now() - started;
      expect(waited).toBeGreaterThanOrEqual(140);
      expect(waited).toBeLessThan(2_000);
      expect(await metricValue(impatient.registry, 'ddd_kit_cache_lock_wait_timeouts_total')).toBe(1);
      expect(await impatient.cache.get('stuck')).toBe('loaded alone');
      expect(await redis.get(`${keyPrefix}:_:lock:stuck`)).toBe('a crashed owner'); // not its lock to delete
    } finally {
      await impatient.close();
    }
  });

  it('never releases a lock that expired and was taken over by another process', async () => {
    const slow = await startCacheTestApp({ ...options, lock: { ttlMs: 100, waitTimeoutMs: 5_000 } });
    try {
      const gate = new Gate();
      let started = false;
      const loading = slow.cache.getOrSet('expired-lock', async () => {
        started = true;
        await gate.pass();
        return 'slow';
      });
      await waitFor(() => started, 2_000, 'the load to start');
      // The owner overruns its 100 ms lock; another process takes the key's lock meanwhile.
      await waitFor(
        async () => (await redis.exists(`${keyPrefix}:_:lock:expired-lock`)) === 0,
        2_000,
        'expiry',
      );
      await redis.set(`${keyPrefix}:_:lock:expired-lock`, 'the next owner', 'PX', 5_000);
      gate.open();

      expect(await loading).toBe('slow');
      expect(await redis.get(`${keyPrefix}:_:lock:expired-lock`)).toBe('the next owner');
    } finally {
      await slow.close();
    }
  });
});
