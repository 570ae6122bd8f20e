import { randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestDatabase, type TestDatabase } from '@ddd-kit/testing';

/** A running WMS app on a fresh database, driven through Fastify's `inject` (no port). */
export interface WmsTestApp {
  readonly app: NestFastifyApplication;
  readonly database: TestDatabase;
  /** Sends a request as a tenant (default `acme`); `headers` override. */
  request(options: WmsRequest): Promise<WmsResponse>;
  close(): Promise<void>;
}

export interface WmsRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly url: string;
  readonly body?: unknown;
  readonly tenant?: string | null;
  readonly headers?: Record<string, string>;
}

export interface WmsResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | number | undefined>;
  readonly body: any;
  readonly text: string;
}

/**
 * Starts the app as `npm run wms` would, on a database of its own. The environment is set before
 * the app module is imported, since the app reads its settings once at import. Kafka is used
 * when `KAFKA_BROKERS` is set (pass `env`), otherwise the in-process transport.
 */
export async function startWmsTestApp(env: Record<string, string> = {}): Promise<WmsTestApp> {
  const database = await createTestDatabase();
  Object.assign(process.env, {
    DATABASE_URL: database.url,
    REDIS_URL: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
    WMS_TENANTS: 'acme,globex',
    LOG_LEVEL: 'warn',
    // Queues and cache keys of parallel test files must not meet in the shared Redis.
    WMS_REDIS_PREFIX: `wms-test-${randomBytes(4).toString('hex')}`,
    ...env,
  });
  const { createWmsApp } = await import('../src/main.js');
  const app = await createWmsApp();
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    database,
    async request({ method, url, body, tenant = 'acme', headers = {} }) {
      const response = await app.inject({
        method,
        url,
        headers: {
          ...(tenant ? { 'x-tenant-id': tenant } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
      let parsed: unknown;
      try {
        parsed = response.body ? JSON.parse(response.body) : undefined;
      } catch {
        parsed = undefined;
      }
      return { status: response.statusCode, headers: response.headers, body: parsed, text: response.body };
    },
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
