import { randomUUID } from 'node:crypto';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClsServiceManager } from 'nestjs-cls';
import { CacheModule, CacheService } from '@ddd-kit/cache';
import { PassportContext } from '@ddd-kit/database';

/** The benchmark's app: CacheModule on Redis, nothing else, under a key prefix of its own. */
export class CacheBenchApp {
  private constructor(
    private readonly context: INestApplicationContext,
    readonly cache: CacheService,
    readonly passport: PassportContext,
    readonly keyPrefix: string,
  ) {}

  static async start(redisUrl: string): Promise<CacheBenchApp> {
    const keyPrefix = `ddd-bench-cache-${randomUUID()}`;
    @Module({ imports: [CacheModule.forRoot({ store: { type: 'redis', url: redisUrl }, keyPrefix })] })
    class CacheBenchModule {}
    const context = await NestFactory.createApplicationContext(CacheBenchModule, {
      logger: ['error', 'warn'],
    });
    // No DatabaseModule here: the cache reads the passport through nestjs-cls's global service,
    // as it does in an app without a database.
    const passport = new PassportContext(ClsServiceManager.getClsService());
    return new CacheBenchApp(context, context.get(CacheService), passport, keyPrefix);
  }

  close(): Promise<void> {
    return this.context.close();
  }
}
