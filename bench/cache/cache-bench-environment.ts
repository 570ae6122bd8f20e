import { cpus } from 'node:os';
import type { Redis } from 'ioredis';

/** What a result depends on besides the code: recorded with it so runs can be compared. */
export interface CacheBenchEnvironment {
  readonly node: string;
  readonly redis: string;
  readonly cpu: string;
  readonly cpuCount: number;
}

/** Where the benchmark finds Redis: `REDIS_URL`, else the local one. */
export function benchRedisUrl(): string {
  return process.env['REDIS_URL'] || 'redis://127.0.0.1:6379';
}

/** Node, Redis and CPU of this run. */
export async function describeCacheEnvironment(redis: Redis): Promise<CacheBenchEnvironment> {
  const info = await redis.info('server');
  const cpuList = cpus();
  return {
    node: process.version,
    redis: /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown',
    cpu: cpuList[0]?.model.trim() ?? 'unknown',
    cpuCount: cpuList.length,
  };
}
