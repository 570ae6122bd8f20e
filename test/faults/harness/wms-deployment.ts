import { freePort, type KafkaTestBroker } from '@ddd-kit/testing';
import { startWmsProcess, type WmsProcess } from './wms-process.js';

/** The three WMS roles, each its own process so that each can be killed alone. */
export type WmsRole = 'api' | 'relay' | 'projectors';

const ROLE_ENV: Readonly<Record<WmsRole, Readonly<Record<string, string>>>> = {
  // Takes every request and runs the job workers; relays and projects nothing.
  api: { RELAY_ENABLED: 'false', PROJECTORS_ENABLED: 'false', JOB_WORKERS_ENABLED: 'true' },
  relay: { RELAY_ENABLED: 'true', PROJECTORS_ENABLED: 'false', JOB_WORKERS_ENABLED: 'false' },
  // Also answers the projector status API the recovery wait reads.
  projectors: { RELAY_ENABLED: 'false', PROJECTORS_ENABLED: 'true', JOB_WORKERS_ENABLED: 'false' },
};

export interface WmsDeploymentOptions {
  readonly entry: string;
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly redisPrefix: string;
  readonly broker: KafkaTestBroker;
}

/** An API, a relay and a projector process on one database, Redis and Kafka. */
export interface WmsDeployment {
  /** Where the load goes: the API process. */
  readonly apiUrl: string;
  /** The projector process, for its status API. */
  readonly projectorsUrl: string;
  /** SIGKILLs a role's process (mid-work: no shutdown hooks run). */
  kill(role: WmsRole): Promise<void>;
  /** Starts a killed role again, on the same port. */
  start(role: WmsRole): Promise<void>;
  /** Output tails of every process, for failure messages. */
  output(): string;
  /** SIGKILLs every process: the checks are done, and a graceful stop is not under test. */
  close(): Promise<void>;
}

/** Starts the API first (it creates and migrates the database), then the relay and the projectors. */
export async function startWmsDeployment(options: WmsDeploymentOptions): Promise<WmsDeployment> {
  const ports: Record<WmsRole, number> = {
    api: await freePort(),
    relay: await freePort(),
    projectors: await freePort(),
  };
  const processes = new Map<WmsRole, WmsProcess>();
  const logs: string[] = [];
  const start = async (role: WmsRole) => {
    if (processes.has(role)) throw new Error(`WMS ${role} process is running already`);
    const started = await startWmsProcess({
      role,
      entry: options.entry,
      port: ports[role],
      env: {
        DATABASE_URL: options.databaseUrl,
        REDIS_URL: options.redisUrl,
        WMS_REDIS_PREFIX: options.redisPrefix,
        KAFKA_BROKERS: options.broker.brokers.join(','),
        WMS_TENANTS: 'acme,globex',
        LOG_LEVEL: 'warn',
        // Failed jobs (Redis gone mid-job) come back quickly.
        JOB_BACKOFF_MS: '500',
        JOB_SHUTDOWN_GRACE_MS: '2000',
        HEALTH_TIMEOUT_MS: '1000',
        ...ROLE_ENV[role],
      },
    });
    processes.set(role, started);
  };
  const stop = async (role: WmsRole, signal: NodeJS.Signals) => {
    const running = processes.get(role);
    if (!running) return;
    processes.delete(role);
    await running.kill(signal);
    logs.push(`--- ${role} (${signal}) ---\n${running.output()}`);
  };
  const deployment: WmsDeployment = {
    apiUrl: `http://127.0.0.1:${ports.api}`,
    projectorsUrl: `http://127.0.0.1:${ports.projectors}`,
    kill: (role) => stop(role, 'SIGKILL'),
    start,
    output: () =>
      [...logs, ...[...processes].map(([role, running]) => `--- ${role} ---\n${running.output()}`)].join(
        '\n',
      ),
    close: async () => {
      await Promise.all([...processes.keys()].map((role) => stop(role, 'SIGKILL')));
    },
  };
  try {
    await start('api');
    await Promise.all([start('relay'), start('projectors')]);
  } catch (error) {
    await deployment.close();
    throw error;
  }
  return deployment;
}
