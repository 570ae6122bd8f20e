import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { ProcessUsage, ServerMessage, ServerRequest } from './server-protocol.js';
import { DATABASE_URL_ENV } from './server-protocol.js';

const START_TIMEOUT_MS = 60_000;
const ANSWER_TIMEOUT_MS = 30_000;

/**
 * Parent side of a server child process: the server runs on an event loop (and core) of its
 * own, never sharing one with autocannon's load generation.
 */
export class ServerProcess {
  private constructor(
    readonly label: string,
    private readonly child: ChildProcess,
    /** The server's base URL. */
    readonly url: string,
  ) {}

  /** Forks `script` (a compiled server entry) on `databaseUrl` and waits until it listens. */
  static async start(label: string, script: string, databaseUrl: string): Promise<ServerProcess> {
    const child = fork(script, [], {
      env: { ...process.env, [DATABASE_URL_ENV]: databaseUrl },
      // Not the parent's flags: a `--cpu-prof` on the benchmark must not profile the servers.
      execArgv: ['--enable-source-maps'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const ready = await nextMessage(child, 'ready', START_TIMEOUT_MS, label);
    return new ServerProcess(label, child, `http://127.0.0.1:${ready.port}`);
  }

  /** The child's cumulative CPU time and event-loop utilization. */
  async usage(): Promise<ProcessUsage> {
    return (await this.ask({ type: 'usage' }, 'usage')).usage;
  }

  /** Starts the inspector's CPU profiler in the child. */
  async startProfile(samplingIntervalUs: number): Promise<void> {
    await this.ask({ type: 'profile-start', samplingIntervalUs }, 'profile-started');
  }

  /** Stops the profiler; the child writes the `.cpuprofile` to `path`. */
  async stopProfile(path: string): Promise<void> {
    await this.ask({ type: 'profile-stop', path }, 'profile-written');
  }

  /** Closes the server and waits for the process to exit. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = once(this.child, 'exit');
    try {
      await this.ask({ type: 'stop' }, 'stopped');
    } catch {
      this.child.kill('SIGKILL');
    }
    await exited;
  }

  private async ask<T extends ServerMessage['type']>(
    request: ServerRequest,
    answer: T,
  ): Promise<Extract<ServerMessage, { type: T }>> {
    const reply = nextMessage(this.child, answer, ANSWER_TIMEOUT_MS, this.label);
    this.child.send(request);
    return reply;
  }
}

/** The child's next message of `type`; rejects when it exits or stays silent too long. */
function nextMessage<T extends ServerMessage['type']>(
  child: ChildProcess,
  type: T,
  timeoutMs: number,
  label: string,
): Promise<Extract<ServerMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => finish(new Error(`${label}: no "${type}" within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onMessage = (message: ServerMessage) => {
      if (message.type === type) finish(undefined, message as Extract<ServerMessage, { type: T }>);
    };
    const onExit = (code: number | null, signal: string | null) =>
      finish(new Error(`${label} exited (code ${code}, signal ${signal}) before "${type}"`));
    child.on('message', onMessage);
    child.on('exit', onExit);
    function finish(error?: Error, message?: Extract<ServerMessage, { type: T }>): void {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(message!);
    }
  });
}
