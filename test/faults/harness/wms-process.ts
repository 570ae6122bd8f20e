import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

/** A WMS process started from the compiled app, which a scenario may SIGKILL and start again. */
export interface WmsProcess {
  readonly role: string;
  readonly baseUrl: string;
  /** SIGKILL (default) or SIGTERM, and wait for the exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** The tail of its stdout and stderr, for failure messages. */
  output(): string;
}

export interface WmsProcessOptions {
  /** What it runs (api, relay, projectors), for messages. */
  readonly role: string;
  readonly entry: string;
  readonly port: number;
  readonly env: Readonly<Record<string, string>>;
  /** @default 60_000 */
  readonly readyTimeoutMs?: number;
}

const OUTPUT_TAIL_CHARS = 30_000;

/** Starts `node <entry>` and waits until it answers HTTP (it listens only after migrating). */
export async function startWmsProcess(options: WmsProcessOptions): Promise<WmsProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env, PORT: String(options.port) };
  // Jest's --experimental-vm-modules is not for the app.
  delete env['NODE_OPTIONS'];
  const child = spawn(process.execPath, ['--enable-source-maps', options.entry], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const killOrphan = () => child.kill('SIGKILL');
  process.once('exit', killOrphan);
  let tail = '';
  const record = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout.on('data', record);
  child.stderr.on('data', record);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;
  const baseUrl = `http://127.0.0.1:${options.port}`;

  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  while (!(await answers(baseUrl))) {
    if (hasExited()) throw new Error(`WMS ${options.role} process exited while starting:\n${tail}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`WMS ${options.role} process did not start:\n${tail}`);
    }
    await sleep(100);
  }
  return {
    role: options.role,
    baseUrl,
    output: () => tail,
    kill: async (signal = 'SIGKILL') => {
      process.removeListener('exit', killOrphan);
      if (!hasExited()) child.kill(signal);
      // A graceful stop that hangs is a finding for the log, not a reason to hang the suite.
      const escalate = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(escalate);
    },
  };
}

async function answers(baseUrl: string): Promise<boolean> {
  try {
    await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}
