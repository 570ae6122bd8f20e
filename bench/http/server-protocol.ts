import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { performance, type EventLoopUtilization } from 'node:perf_hooks';

/**
 * How the benchmark talks to a server child process over the IPC channel of `fork`. The child
 * answers each request with one message; the parent waits for it.
 */

/** Environment variable carrying the database URL to a server child. */
export const DATABASE_URL_ENV = 'HTTP_BENCH_DATABASE_URL';

/** Parent → child. */
export type ServerRequest =
  | { readonly type: 'usage' }
  | { readonly type: 'profile-start'; readonly samplingIntervalUs: number }
  | { readonly type: 'profile-stop'; readonly path: string }
  | { readonly type: 'stop' };

/** What a child reports about its own process, cumulative since it started. */
export interface ProcessUsage {
  /** `process.cpuUsage()`: user and system CPU time, µs. */
  readonly cpu: NodeJS.CpuUsage;
  /** `performance.eventLoopUtilization()`: idle and active time of the event loop. */
  readonly eventLoop: EventLoopUtilization;
}

/** Child → parent. */
export type ServerMessage =
  | { readonly type: 'ready'; readonly port: number }
  | { readonly type: 'usage'; readonly usage: ProcessUsage }
  | { readonly type: 'profile-started' }
  | { readonly type: 'profile-written'; readonly path: string }
  | { readonly type: 'stopped' };

/** A listening server, as the child-side helper needs it. */
export interface ListeningServer {
  readonly port: number;
  close(): Promise<void>;
}

/** The URL of the server's database, from the environment the parent set. */
export function databaseUrlFromEnv(): string {
  const url = process.env[DATABASE_URL_ENV];
  if (!url) throw new Error(`${DATABASE_URL_ENV} is not set: the benchmark starts this process`);
  return url;
}

/**
 * Child side: reports `ready`, then answers the parent's requests until told to stop. The CPU
 * profiler is the inspector's, started and stopped on request, so that a profile covers one
 * load round and not the start-up.
 */
export function serveBenchParent(server: ListeningServer): void {
  const send = (message: ServerMessage) => process.send?.(message);
  const session = new Session();
  session.connect();
  process.on('message', (request: ServerRequest) => {
    void answer(request).catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
  });
  send({ type: 'ready', port: server.port });

  async function answer(request: ServerRequest): Promise<void> {
    switch (request.type) {
      case 'usage':
        send({
          type: 'usage',
          usage: { cpu: process.cpuUsage(), eventLoop: performance.eventLoopUtilization() },
        });
        return;
      case 'profile-start':
        await session.post('Profiler.enable');
        await session.post('Profiler.setSamplingInterval', { interval: request.samplingIntervalUs });
        await session.post('Profiler.start');
        send({ type: 'profile-started' });
        return;
      case 'profile-stop': {
        const { profile } = await session.post('Profiler.stop');
        await writeFile(request.path, JSON.stringify(profile));
        send({ type: 'profile-written', path: request.path });
        return;
      }
      case 'stop':
        session.disconnect();
        await server.close();
        send({ type: 'stopped' });
        process.disconnect();
        return;
    }
  }
}
