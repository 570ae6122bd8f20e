import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { KafkaTestBrokerError } from './kafka-test-broker.error.js';

const COMMAND_TIMEOUT_MS = 5_000;
const STOP_GRACE_MS = 2_000;
const STDERR_TAIL_CHARS = 4_000;

interface PendingReply {
  readonly command: string;
  resolve(): void;
  reject(error: Error): void;
}

/**
 * The running launcher (`kafka-mock-broker.c`) and its line protocol: the first stdout line is
 * the bootstrap servers, then each stdin command gets one `ok` or `error <reason>` line, in order.
 * Closing stdin stops it; so does this process dying, which closes the pipe.
 */
export class KafkaMockBrokerProcess {
  private readonly pending: PendingReply[] = [];
  private stderrTail = '';
  private exited = false;
  private readonly exit: Promise<void>;

  private constructor(private readonly child: ChildProcessByStdio<Writable, Readable, Readable>) {
    this.exit = new Promise((resolve) => child.once('close', () => resolve()));
    child.once('exit', (code, signal) => this.onExit(`exited with ${signal ?? `code ${code}`}`));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_TAIL_CHARS);
    });
    // A spawn failure is reported by start(), and a write after the launcher died (EPIPE) by the
    // exit handler; without these listeners either would crash the test process instead.
    child.on('error', () => undefined);
    child.stdin.on('error', () => undefined);
  }

  /** Spawns the launcher and waits for its bootstrap servers. */
  static async start(
    binary: string,
    brokerCount: number,
    timeoutMs: number,
  ): Promise<{ process: KafkaMockBrokerProcess; bootstraps: string }> {
    const child = spawn(binary, [String(brokerCount)], { stdio: ['pipe', 'pipe', 'pipe'] });
    const broker = new KafkaMockBrokerProcess(child);
    const lines = createInterface({ input: child.stdout });
    try {
      const bootstraps = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no bootstrap servers within ${timeoutMs} ms`)),
          timeoutMs,
        );
        lines.once('line', (line) => {
          clearTimeout(timer);
          resolve(line.trim());
        });
        child.once('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
        child.once('exit', (code, signal) => {
          clearTimeout(timer);
          reject(new Error(`exited with ${signal ?? `code ${code}`}`));
        });
      });
      lines.on('line', (line) => broker.onReply(line));
      return { process: broker, bootstraps };
    } catch (cause) {
      await broker.kill();
      throw new KafkaTestBrokerError(
        'START_FAILED',
        `The Kafka mock broker (${binary}) did not start: ${(cause as Error).message}.` +
          (broker.stderrTail ? `\n${broker.stderrTail}` : ''),
        { cause },
      );
    }
  }

  /** Sends one command and waits for its `ok`; rejects with the launcher's reason otherwise. */
  async send(command: string): Promise<void> {
    if (this.exited) {
      throw new KafkaTestBrokerError(
        'BROKER_STOPPED',
        `The Kafka mock broker is stopped (command: ${command})`,
      );
    }
    const reply = new Promise<void>((resolve, reject) => this.pending.push({ command, resolve, reject }));
    this.child.stdin.write(`${command}\n`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // Replies are matched by order, so a lost one would shift every later reply: give up on it.
        void this.kill();
        reject(
          new KafkaTestBrokerError(
            'COMMAND_FAILED',
            `No reply to "${command}" within ${COMMAND_TIMEOUT_MS} ms`,
          ),
        );
      }, COMMAND_TIMEOUT_MS);
    });
    try {
      await Promise.race([reply, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Closes stdin so the launcher exits, and kills it if it has not after a grace period. */
  async stop(): Promise<void> {
    if (this.exited) return this.exit;
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_GRACE_MS);
    await this.exit;
    clearTimeout(timer);
  }

  private async kill(): Promise<void> {
    if (!this.exited) this.child.kill('SIGKILL');
    if (this.child.pid !== undefined) await this.exit;
  }

  private onReply(line: string): void {
    const waiting = this.pending.shift();
    if (!waiting) return;
    if (line === 'ok') waiting.resolve();
    else {
      waiting.reject(
        new KafkaTestBrokerError(
          'COMMAND_FAILED',
          `The Kafka mock broker refused "${waiting.command}": ${line.replace(/^error /, '')}`,
        ),
      );
    }
  }

  private onExit(reason: string): void {
    this.exited = true;
    for (const waiting of this.pending.splice(0)) {
      waiting.reject(
        new KafkaTestBrokerError(
          'BROKER_STOPPED',
          `The Kafka mock broker ${reason} before answering "${waiting.command}"`,
        ),
      );
    }
  }
}
