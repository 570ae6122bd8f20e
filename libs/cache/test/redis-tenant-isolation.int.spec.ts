import type { Redis } from 'ioredis';
import { startCacheTestApp, uniqueKeyPrefix, type CacheTestApp } from './fixture/cache-test-app.js';
import { deleteKeysUnder, keysUnder, rawRedis, TEST_REDIS_URL } from './fixture/redis-test-client.js';

describe('Tenant isolation on Redis', () => {
  const keyPrefix = uniqueKeyPrefix();
  let app: CacheTestApp;
  let redis: Redis;

  beforeAll(async () => {
    redis = rawRedis();
    app = await startCacheTestApp({ store: { type: 'redis', url: TEST_REDIS_URL }, keyPrefix });
  });
  afterAll(async () => {
    await app?.close();
    await deleteKeysUnder(redis, keyPrefix);
    redis.disconnect();
  });

  const as = <T>(tenantId: string | undefined, fn: () => Promise<T>) => app.passport.run({ tenantId }, fn);

  it('keeps the same key of two tenants apart, in separate Redis namespaces', async () => {
    const loads: string[] = [];
    const levels = (tenantId: string) =>
      as(tenantId, () =>
        app.cache.getOrSet(
          'stock:A',
          () => {
            loads.push(tenantId);
            return { tenantId, onHand: tenantId.length };
          },
          { tags: ['sku:A'] },
        ),
      );

    expect(await levels('acme')).toEqual({ tenantId: 'acme', onHand: 4 });
    expect(await levels('globex')).toEqual({ tenantId: 'globex', onHand: 6 });
    expect(await levels('acme')).toEqual({ tenantId: 'acme', onHand: 4 });
    expect(loads).toEqual(['acme', 'globex']);
    expect(await as(undefined, () => app.cache.get('stock:A'))).toBeUndefined();

    expect(await keysUnder(redis, keyPrefix)).toEqual(
      [
        `${keyPrefix}:t:acme:key:stock:A`,
        `${keyPrefix}:t:acme:tag:sku:A`,
        `${keyPrefix}:t:globex:key:stock:A`,
        `${keyPrefix}:t:globex:tag:sku:A`,
      ].sort(),
    );
  });

  it("invalidates a tag in the current tenant's namespace only", async () => {
    await as('acme', () => app.cache.set('orders', 'acme orders', { tags: ['orders'] }));
    await as('globex', () => app.cache.set('orders', 'globex orders', { tags: ['orders'] }));
    await app.cache.set('orders', 'system orders', { tags: ['orders'] });

    await as('acme', () => app.cache.invalidateTags(['orders']));

    expect(await as('acme', () => app.cache.get('orders'))).toBeUndefined();
    expect(await as('globex', () => app.cache.get('orders'))).toBe('globex orders');
    expect(await app.cache.get('orders')).toBe('system orders');
  });

  it('does not share a lock or an in-flight load between tenants', async () => {
    const results = await Promise.all(
      ['acme', 'globex', 'initech'].map((tenantId) =>
        as(tenantId, () => app.cache.getOrSet('report', async () => `${tenantId} report`)),
      ),
    );
    expect(results).toEqual(['acme report', 'globex report', 'initech report']);
  });
});
