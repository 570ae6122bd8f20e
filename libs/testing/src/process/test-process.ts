import { fork, type ChildProcess } from 'node:child_process';
import { compileForNode, type CompileForNodeOptions } from './compile-for-node.js';

/** Options of {@link startTestProcess}. */
export interface TestProcessOptions extends CompileForNodeOptions {
  /** Added to this process's environment (minus `NODE_OPTIONS`, which is Jest's). @default {} */
  readonly env?: Readonly<Record<string, string>>;
  /** Command-line arguments of the entry. @default [] */
  readonly args?: readonly string[];
}

/** How a test process ended. */
export interface TestProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A TypeScript entry point running in a Node process of its own. */
export interface TestProcess {
  readonly pid: number;
  /** Every message the process sent with `process.send`, in order. */
  readonly messages: readonly unknown[];
  /** Resolves when the process has exited. */
  readonly exited: Promise<TestProcessExit>;
  /**
   * The first message (already received or still to come) that `match` accepts. Rejects when
   * the process exits first, or after `timeoutMs`, with the tail of its output.
   */
  waitForMessage<T>(match: (message: unknown) => message is T, timeoutMs?: number): Promise<T>;
  /** Sends a signal (default SIGKILL) and waits for the exit. Nothing when already exited. */
  kill(signal?: NodeJS.Signals): Promise<TestProcessExit>;
  /** The tail of its stdout and stderr, for failure messages. */
  output(): string;
}

const OUTPUT_TAIL_CHARS = 8_000;
const running = new Set<ChildProcess>();
let killOnExitInstalled = false;

/**
 * Compiles a TypeScript entry point with {@link compileForNode} and forks it on this Node, with
 * an IPC channel: for tests that need a real process, e.g. to SIGKILL it mid-work. The entry
 * reports with `process.send(...)`; it should exit when the channel closes
 * (`process.on('disconnect', () => process.exit(1))`), so it never outlives the test. Processes
 * still running when this one exits are killed.
 */
export async function startTestProcess(
  entry: string | URL,
  options: TestProcessOptions = {},
): Promise<TestProcess> {
  const compiled = await compileForNode(entry, options);
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  delete env['NODE_OPTIONS'];
  const child = fork(compiled, [...(options.args ?? [])], {
    execArgv: ['--enable-source-maps'],
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  running.add(child);
  if (!killOnExitInstalled) {
    killOnExitInstalled = true;
    process.once('exit', () => {
      for (const orphan of running) orphan.kill('SIGKILL');
    });
  }

  let tail = '';
  const record = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout?.on('data', record);
  child.stderr?.on('data', record);
  const messages: unknown[] = [];
  const listeners = new Set<() => void>();
  child.on('message', (message) => {
    messages.push(message);
    for (const listener of listeners) listener();
  });
  let exit: TestProcessExit | undefined;
  const exited = new Promise<TestProcessExit>((resolve) => {
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      if (exit) return;
      exit = { code, signal };
      running.delete(child);
      for (const listener of listeners) listener();
      resolve(exit);
    };
    child.once('exit', onExit);
    // A process that never started emits only 'error'; one that did also emits 'exit'.
    child.on('error', (error) => {
      record(Buffer.from(`\n[process error] ${error.message}\n`));
      if (child.pid === undefined) onExit(null, null);
    });
  });
  const output = () => tail;
  const label = () => `test process ${compiled} (pid ${child.pid ?? 'none'})`;

  return {
    pid: child.pid ?? -1,
    messages,
    exited,
    output,
    waitForMessage: <T>(match: (message: unknown) => message is T, timeoutMs = 30_000) =>
      new Promise<T>((resolve, reject) => {
        const check = () => {
          const found = messages.find(match);
          if (found !== undefined) finish(() => resolve(found));
          else if (exit) {
            finish(() =>
              reject(
                new Error(`${label()} exited (${exit?.signal ?? `code ${exit?.code}`}) first:\n${tail}`),
              ),
            );
          }
        };
        const timer = setTimeout(
          () =>
            finish(() =>
              reject(new Error(`No expected message from ${label()} in ${timeoutMs} ms:\n${tail}`)),
            ),
          timeoutMs,
        );
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        check();
      }),
    kill: async (signal = 'SIGKILL') => {
      if (!exit) child.kill(signal);
      return exited;
    },
  };
}
