import { randomBytes } from 'node:crypto';
import { withDatabase } from '../checks/database-client.js';
import { snapshotDist, type DistSnapshot } from './dist-snapshot.js';
import { startPostgresCluster, type PostgresCluster } from './postgres-cluster.js';
import { startRedisServer, type RedisServerProcess } from '@ddd-kit/testing';

/** The servers every scenario shares: its own PostgreSQL cluster and Redis, and a copy of `dist/`. */
export interface FaultSuite {
  readonly postgres: PostgresCluster;
  readonly redis: RedisServerProcess;
  readonly dist: DistSnapshot;
  /** A database name for a scenario (created by the WMS on start). */
  databaseFor(scenario: string): string;
  /** Key prefix in Redis for a scenario. */
  redisPrefixFor(scenario: string): string;
  stop(): Promise<void>;
}

const DATABASE_PREFIX = 'wms_fault_';

/** Starts the servers and drops the databases an earlier run left behind. */
export async function startFaultSuite(): Promise<FaultSuite> {
  const postgres = await startPostgresCluster();
  const redis = await startRedisServer();
  const dist = await snapshotDist();
  await withDatabase(postgres.url('postgres'), async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      `select datname from pg_database where datname like '${DATABASE_PREFIX}%'`,
    );
    for (const { datname } of rows) await client.query(`drop database "${datname}" with (force)`);
  });
  const run = randomBytes(3).toString('hex');
  const slug = (scenario: string) =>
    scenario
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .slice(0, 30);
  return {
    postgres,
    redis,
    dist,
    databaseFor: (scenario) => `${DATABASE_PREFIX}${run}_${slug(scenario)}`,
    redisPrefixFor: (scenario) => `wms-fault-${run}-${slug(scenario)}`,
    stop: async () => {
      await redis.dispose();
      await postgres.stop();
      await dist.remove();
    },
  };
}
