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
  /** Run the BullMQ workers in this process (off for the rebuild CLI or API-only instances). */
  readonly jobWorkersEnabled: boolean;
  /** Jobs one worker runs at once, per queue. */
  readonly jobConcurrency: number;
  /** Attempts per job, the first included; failures are retried with exponential backoff. */
  readonly jobAttempts: number;
  /** Delay before the first retry in ms; it doubles with every further attempt. */
  readonly jobBackoffMs: number;
  /** How long finished jobs stay inspectable (`GET /api/v1/jobs/:id`), in seconds. */
  readonly jobKeepCompletedSeconds: number;
  /** How many failed jobs per queue stay inspectable; older ones are removed. */
  readonly jobKeepFailed: number;
  /** On shutdown, how long workers wait for their running jobs, in ms; unfinished ones are retried later. */
  readonly jobShutdownGraceMs: number;
  /** SKUs written per unit of work by the `sku-import` job. */
  readonly skuImportChunkSize: number;
  /** Most SKUs one `sku-import` file may hold. */
  readonly skuImportMaxRows: number;
  /** Time each dependency of `GET /health` gets to answer, in ms. */
  readonly healthTimeoutMs: number;
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
    jobWorkersEnabled: env['JOB_WORKERS_ENABLED'] !== 'false',
    jobConcurrency: integer(env, 'JOB_CONCURRENCY', 2, 1),
    jobAttempts: integer(env, 'JOB_ATTEMPTS', 3, 1),
    jobBackoffMs: integer(env, 'JOB_BACKOFF_MS', 2_000),
    jobKeepCompletedSeconds: integer(env, 'JOB_KEEP_COMPLETED_SECONDS', 24 * 60 * 60),
    jobKeepFailed: integer(env, 'JOB_KEEP_FAILED', 1_000),
    jobShutdownGraceMs: integer(env, 'JOB_SHUTDOWN_GRACE_MS', 25_000),
    skuImportChunkSize: integer(env, 'SKU_IMPORT_CHUNK_SIZE', 500, 1),
    skuImportMaxRows: integer(env, 'SKU_IMPORT_MAX_ROWS', 20_000, 1),
    healthTimeoutMs: integer(env, 'HEALTH_TIMEOUT_MS', 2_000, 1),
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

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new TypeError(`${name} must be an integer of at least ${min}, got "${raw}"`);
  return value;
}
