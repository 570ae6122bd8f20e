import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/** Name, port and settings of the suite's own cluster: the shared one on 5432 is never touched. */
const CLUSTER = 'ddd_faults';
const PORT = 5439;
// fsync off: a clean restart (what the suite stages) flushes anyway, and the disk is shared.
const SETTINGS = `listen_addresses = '127.0.0.1'\nfsync = off\nmax_connections = 200\n`;

/** The suite's PostgreSQL cluster, driven with Debian's pg_ctlcluster as root. */
export interface PostgresCluster {
  /** `postgres://postgres@127.0.0.1:<port>/<database>`. */
  url(database: string): string;
  /** `pg_ctlcluster … restart` (fast mode: sessions are cut, open transactions roll back). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Creates the cluster on first use (kept for the next run), starts it and waits for it.
 * Requires root and postgresql-common; the version is the one in `/etc/postgresql`.
 */
export async function startPostgresCluster(): Promise<PostgresCluster> {
  const version = readdirSync('/etc/postgresql').sort().at(-1);
  if (!version) throw new Error('No PostgreSQL in /etc/postgresql');
  const confDir = `/etc/postgresql/${version}/${CLUSTER}`;
  if (!existsSync(confDir)) {
    await run('pg_createcluster', [
      version,
      CLUSTER,
      '--port',
      String(PORT),
      '--start-conf=manual',
      '--',
      '--auth=trust',
    ]);
  }
  await mkdir(`${confDir}/conf.d`, { recursive: true });
  await writeFile(`${confDir}/conf.d/ddd-faults.conf`, SETTINGS);
  const ctl = (action: string) =>
    run('pg_ctlcluster', ['--skip-systemctl-redirect', version, CLUSTER, action], { timeout: 60_000 });
  const url = (database: string) => `postgres://postgres@127.0.0.1:${PORT}/${database}`;
  if (!(await answers(url('postgres')))) {
    // A cluster left running by a crashed run is reused as it is.
    await ctl('start');
  }
  await waitUntilAnswering(url('postgres'));
  return {
    url,
    restart: async () => {
      await ctl('restart');
      await waitUntilAnswering(url('postgres'));
    },
    stop: async () => {
      await ctl('stop').catch(() => undefined);
    },
  };
}

async function waitUntilAnswering(url: string): Promise<void> {
  for (let attempt = 0; attempt < 150; attempt++) {
    if (await answers(url)) return;
    await sleep(200);
  }
  throw new Error(`PostgreSQL at ${url} does not answer`);
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
