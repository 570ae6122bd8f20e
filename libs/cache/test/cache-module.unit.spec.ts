import { Test } from '@nestjs/testing';
import { ClsModule } from 'nestjs-cls';
import { Registry } from 'prom-client';
import { CacheModule, CacheService, type CacheModuleOptions } from '@ddd-kit/cache';

describe('CacheModule', () => {
  it('is configured asynchronously with forRootAsync', async () => {
    const module = await Test.createTestingModule({
      imports: [
        ClsModule.forRoot({ global: true }),
        CacheModule.forRootAsync({
          useFactory: async (): Promise<CacheModuleOptions> => ({
            store: { type: 'memory', maxEntries: 10 },
            metrics: { registry: new Registry() },
          }),
        }),
      ],
    }).compile();
    await module.init();
    try {
      const cache = module.get(CacheService);
      await cache.set('k', new Date(3));
      expect(await cache.get('k')).toEqual(new Date(3));
    } finally {
      await module.close();
    }
  });

  it.each<[string, CacheModuleOptions]>([
    ['an unknown store', { store: { type: 'memcached' } as never }],
    ['a jitter of 100 % or more', { ttlJitter: 1 }],
    ['a TTL of zero', { defaultTtlMs: 0 }],
    ['a negative stale window', { defaultStaleMs: -1 }],
    ['an empty key prefix', { keyPrefix: '' }],
    ['a lock poll longer at first than at most', { lock: { pollMinMs: 50, pollMaxMs: 10 } }],
    ['a Redis command timeout of zero', { store: { type: 'redis', commandTimeoutMs: 0 } }],
  ])('refuses %s at startup', async (_, options) => {
    const compiling = Test.createTestingModule({
      imports: [
        ClsModule.forRoot({ global: true }),
        CacheModule.forRoot({ ...options, metrics: { registry: new Registry() } }),
      ],
    }).compile();
    await expect(compiling).rejects.toThrow(TypeError);
  });
});
