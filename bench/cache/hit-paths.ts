import type { Redis } from 'ioredis';
import type { CacheBenchApp } from './cache-bench-app.js';
import type { StockPage } from './stock-page.js';

/** The ways of reading one cached value that the benchmark compares. */
export type HitPath = 'rawGet' | 'cacheGet' | 'getOrSet' | 'getOrSetTagged' | 'cacheGetTagged';

/** Reads the value of key number `index`; every key holds the same value. */
export type HitOperation = (index: number) => Promise<unknown>;

/** What each path is, for the report. */
export const HIT_PATH_LABELS: Record<HitPath, string> = {
  rawGet: 'raw ioredis GET + JSON.parse',
  cacheGet: 'CacheService.get',
  getOrSet: 'CacheService.getOrSet',
  getOrSetTagged: 'CacheService.getOrSet, 2 tags',
  cacheGetTagged: 'CacheService.get, entry with 2 tags',
};

const TAGS = ['stock', 'location:A-01'] as const;

/**
 * Stores the value under `keys` keys for every path (through the cache, and as plain JSON for the
 * raw path), checks each path reads it back, and returns the operations to time. The getOrSet
 * loaders throw: a benchmark that silently measured misses would be worthless.
 */
export async function prepareHitPaths(
  app: CacheBenchApp,
  redis: Redis,
  value: StockPage,
  keys: number,
): Promise<Record<HitPath, HitOperation>> {
  const rawKey = (index: number) => `${app.keyPrefix}:raw:${index}`;
  const json = JSON.stringify(value);
  const noLoad = () => {
    throw new Error('The benchmark expected a hit and got a miss');
  };
  for (let index = 0; index < keys; index++) {
    await redis.set(rawKey(index), json);
    await app.cache.set(`plain:${index}`, value, { ttlMs: 3_600_000 });
    await app.cache.set(`tagged:${index}`, value, { ttlMs: 3_600_000, tags: TAGS });
  }
  const paths: Record<HitPath, HitOperation> = {
    rawGet: async (index) => JSON.parse((await redis.get(rawKey(index % keys)))!) as unknown,
    cacheGet: (index) => app.cache.get(`plain:${index % keys}`),
    getOrSet: (index) => app.cache.getOrSet(`plain:${index % keys}`, noLoad, { ttlMs: 3_600_000 }),
    getOrSetTagged: (index) =>
      app.cache.getOrSet(`tagged:${index % keys}`, noLoad, { ttlMs: 3_600_000, tags: TAGS }),
    // `get` does not know the entry's tags: it reads them in a second round trip.
    cacheGetTagged: (index) => app.cache.get(`tagged:${index % keys}`),
  };
  await checkPaths(paths, value, json);
  return paths;
}

async function checkPaths(
  paths: Record<HitPath, HitOperation>,
  value: StockPage,
  json: string,
): Promise<void> {
  for (const [path, read] of Object.entries(paths) as [HitPath, HitOperation][]) {
    const got = await read(0);
    // The raw path gets the Dates back as strings; the cache paths as Dates.
    const same =
      path === 'rawGet'
        ? JSON.stringify(got) === json
        : (got as StockPage | undefined)?.items[0]?.updatedAt.getTime() ===
            value.items[0]?.updatedAt.getTime() && JSON.stringify(got) === json;
    if (!same) throw new Error(`The ${path} path did not read the stored value back`);
  }
}
