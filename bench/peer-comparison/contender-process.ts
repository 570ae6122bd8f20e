import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContenderRunConfig, ContenderRunResult } from './contender/contender-run.js';

/** How to start one contender: a Node script and its arguments. */
export interface ContenderCommand {
  readonly script: string;
  readonly args: readonly string[];
  readonly cwd: string;
}

/** A contender run: its result file, or why there is none. */
export type ContenderOutcome =
  { readonly ok: true; readonly result: ContenderRunResult } | { readonly ok: false; readonly error: string };

const STDERR_TAIL = 6_000;

/**
 * Runs one contender in a child process of its own (this Node, its own heap and event loop), on
 * the database of `config`, and reads the result it writes. Its output goes to this process's
 * stderr, prefixed with `tag`.
 */
export async function runContenderProcess(
  tag: string,
  command: ContenderCommand,
  config: Omit<ContenderRunConfig, 'resultPath'>,
  timeoutMs: number,
): Promise<ContenderOutcome> {
  const directory = await mkdtemp(join(tmpdir(), 'bench-peer-'));
  const resultPath = join(directory, 'result.json');
  try {
    const child = spawn(process.execPath, ['--enable-source-maps', command.script, ...command.args], {
      cwd: command.cwd,
      env: { ...process.env, PEER_BENCH_RUN: JSON.stringify({ ...config, resultPath }) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    const forward = (chunk: Buffer) => {
      const text = chunk.toString();
      process.stderr.write(text.replace(/^(?=.)/gm, `  [${tag}] `));
      return text;
    };
    child.stdout.on('data', (chunk: Buffer) => void forward(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + forward(chunk)).slice(-STDERR_TAIL);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('close', (code, signal) => resolve({ code, signal })),
    );
    clearTimeout(timer);
    if (exit.code !== 0) {
      const how = exit.signal ? `killed by ${exit.signal} (timeout ${timeoutMs} ms?)` : `exit ${exit.code}`;
      return { ok: false, error: `${tag} failed, ${how}:\n${stderr.trim()}` };
    }
    return { ok: true, result: JSON.parse(await readFile(resultPath, 'utf8')) as ContenderRunResult };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
