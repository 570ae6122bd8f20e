import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { startRedisServer, type RedisServerProcess } from '@ddd-kit/testing';
import { waitFor } from './fixture/gate.js';
import { startCacheTestApp, uniqueKeyPrefix, type CacheTestApp } from './fixture/cache-test-app.js';
import { metricValue } from './fixture/metric-value.js';

/** The cache in front of a loader that counts its calls. */
function countingSource() {
  const source = {
    loads: 0,
    load: () => {
      source.loads++;
      return `value ${source.loads}`;
    },
  };
  return source;
}

describe('When Redis is down, the cache steps aside', () => {
  let server: RedisServerProcess;
  let app: CacheTestApp;
  const keyPrefix = uniqueKeyPrefix();

  beforeEach(async () => {
    server = await startRedisServer();
    app = await startCacheTestApp({
      store: { type: 'redis', url: server.url, commandTimeoutMs: 200, reconnectMaxDelayMs: 100 },
      keyPrefix,
    });
  });
  afterEach(async () => {
    await app?.close();
    await server?.dispose();
  });

  const errors = (operation: string) =>
    metricValue(app.registry, 'ddd_kit_cache_errors_total', { operation });

  it('serves every request from the loader while Redis is away, and hits again once it is back', async () => {
    const source = countingSource();
    expect(await app.cache.getOrSet('k', source.load)).toBe('value 1');
    expect(await app.cache.getOrSet('k', source.load)).toBe('value 1');

    await server.stop('SIGKILL');
    const started = performance.now();
    expect(await app.cache.getOrSet('k', source.load)).toBe('value 2');
    expect(await app.cache.getOrSet('k', source.load)).toBe('value 3');
    expect(await app.cache.get('k')).toBeUndefined();
    await app.cache.set('k', 'ignored');
    await app.cache.del('k');
    expect(performance.now() - started).toBeLessThan(1_000); // refused at once, not queued
    expect(await errors('read')).toBeGreaterThanOrEqual(3);
    expect(await errors('write')).toBe(1); // the `set`: a getOrSet whose read failed does not try to write
    expect(await errors('delete')).toBe(1);

    await server.start(); // same port; the crash lost the data
    await waitFor(
      async () => {
        const before = source.loads;
        await app.cache.getOrSet('k', source.load);
        return source.loads === before; // answered by Redis, not by the loader
      },
      10_000,
      'the cache to work again',
    );
    const loadsOnceBack = source.loads;
    expect(await app.cache.getOrSet('k', source.load)).toBe(`value ${loadsOnceBack}`);
    expect(source.loads).toBe(loadsOnceBack);
  });

  it('falls back within the command timeout when Redis hangs instead of refusing', async () => {
    const source = countingSource();
    await app.cache.getOrSet('slow', source.load);
    const admin = new Redis(server.url);
    try {
      await admin.client('PAUSE', 1_000, 'ALL');
      const started = performance.now();

      expect(await app.cache.getOrSet('slow', source.load)).toBe('value 2');

      expect(performance.now() - started).toBeLessThan(700);
      expect(await errors('read')).toBe(1);
    } finally {
      admin.disconnect();
    }
  });

  it('retries an invalidation made while Redis was away, before serving anything from it again', async () => {
    const source = countingSource();
    expect(await app.cache.getOrSet('levels', source.load, { tags: ['stock'] })).toBe('value 1');

    await server.stop('SIGTERM'); // Redis saves its data: the entry will be back with it
    await app.cache.invalidateTags(['stock']); // a projector applied a change meanwhile
    expect(await errors('invalidate')).toBeGreaterThanOrEqual(1);
    expect(await app.cache.getOrSet('levels', source.load, { tags: ['stock'] })).toBe('value 2');
    await server.start();

    const check = new Redis(server.url);
    try {
      await waitFor(async () => (await check.exists(`${keyPrefix}:_:tag:stock`)) === 0, 10_000, 'the retry');
      // The outdated entry came back with Redis, but its tag is gone: never served again.
      expect(await check.exists(`${keyPrefix}:_:key:levels`)).toBe(1);
      const answer = await app.cache.getOrSet('levels', source.load, { tags: ['stock'] });
      expect(answer).not.toBe('value 1');
      expect(await app.cache.getOrSet('levels', source.load, { tags: ['stock'] })).toBe(answer);
    } finally {
      check.disconnect();
    }
  });

  it('starts, and serves from the loader, when Redis is down from the start', async () => {
    await server.stop('SIGKILL');
    const down = await startCacheTestApp({
      store: { type: 'redis', url: server.url, connectTimeoutMs: 200, reconnectMaxDelayMs: 100 },
      keyPrefix,
    });
    try {
      const source = countingSource();
      expect(await down.cache.getOrSet('k', source.load)).toBe('value 1');
      expect(await down.cache.getOrSet('k', source.load)).toBe('value 2');
      expect(await metricValue(down.registry, 'ddd_kit_cache_errors_total', { operation: 'read' })).toBe(2);
    } finally {
      await down.close();
    }
  });
});
