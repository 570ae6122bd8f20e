/**
 * The WMS app's settings, read once from the environment. Every setting has a default that works
 * on a developer machine with PostgreSQL and Redis on localhost; `.env.example` lists them all.
 */
export interface WmsConfig {
  readonly port: number;
  readonly databaseUrl: string;
  readonly redisUrl: string;
  /** Prefix of every Redis key the app writes (cache, queues), so apps can share a Redis. */
  readonly redisPrefix: string;
  /** Kafka bootstrap brokers; empty → the in-process transport and the outbox-direct projector source. */
  readonly kafkaBrokers: readonly string[];
  /** Demo tenants that exist (and are seeded). */
  readonly tenants: readonly string[];
  /** HS256 secret for optional bearer JWTs; unset → no JWT resolver. */
  readonly jwtSecret: string | undefined;
  /** Request body limit in bytes. */
  readonly bodyLimitBytes: number;
  /** Run projectors in this process (off for the rebuild CLI). */
  readonly projectorsEnabled: boolean;
  /** Run the outbox relay in this process. */
  readonly relayEnabled: boolean;
  /** Cron expression of the nightly low-stock report. */
  readonly lowStockReportCron: string;
  /** Stock at or below this is "low" in the nightly report. */
  readonly lowStockThreshold: number;
  readonly logLevel: string;
}

export function loadWmsConfig(env: NodeJS.ProcessEnv = process.env): WmsConfig {
  return {
    port: integer(env, 'PORT', 3000),
    databaseUrl: env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/wms',
    redisUrl: env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
    redisPrefix: env['WMS_REDIS_PREFIX'] ?? 'wms',
    kafkaBrokers: list(env['KAFKA_BROKERS']),
    tenants: list(env['WMS_TENANTS'] ?? 'acme,globex'),
    jwtSecret: env['JWT_SECRET'] || undefined,
    bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 2 * 1024 * 1024),
    projectorsEnabled: env['PROJECTORS_ENABLED'] !== 'false',
    relayEnabled: env['RELAY_ENABLED'] !== 'false',
    lowStockReportCron: env['LOW_STOCK_REPORT_CRON'] ?? '0 2 * * *',
    lowStockThreshold: integer(env, 'LOW_STOCK_THRESHOLD', 10),
    logLevel: env['LOG_LEVEL'] ?? 'info',
  };
}

/** DI token of the config. */
export const WMS_CONFIG = Symbol('wms:config');

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new TypeError(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}
