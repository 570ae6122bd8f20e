import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { v7 as uuidv7 } from 'uuid';
import { BenchAccount } from './fixture/bench-account.aggregate.js';
import type { BenchCommandContext } from './fixture/relay-bench-app.js';
import { BENCH_PASSPORT } from './outbox-preload.js';

/** How the writers load the app. */
export interface WriterLoad {
  /** Events committed per second, summed over all writers. */
  readonly eventsPerSecond: number;
  /** Accounts opened per commit; each gets `depositsPerAccount` deposits in the same commit. */
  readonly accountsPerCommit: number;
  readonly depositsPerAccount: number;
  /** Commits in flight at most; later ones wait (and are counted as late). */
  readonly maxInFlight: number;
  readonly durationMs: number;
}

/** What the writers did. */
export interface WriterOutcome {
  readonly commits: number;
  readonly events: number;
  readonly elapsedMs: number;
  /** Commits that started more than `LATE_MS` after their slot: the app could not keep up. */
  readonly lateCommits: number;
}

/**
 * Called after each commit returned: its event ids, when it was due (ms after the writers
 * started) and when it returned (epoch ms, `timeOrigin + now()`, comparable across threads).
 */
export type CommitListener = (eventIds: readonly string[], dueMs: number, committedAt: number) => void;

// A commit that starts this much after its slot counts as late.
const LATE_MS = 5;

/**
 * Open-loop writers: commits are due at a fixed rate whatever the app's response time (a closed
 * loop would slow down exactly when the system is slow, hiding latency). With `ofApp`, each
 * commit is a real command: `UnitOfWork.run` under a passport, accounts opened and deposited to
 * through the repository, so the outbox rows come from `OutboxSink` and NOTIFY from the insert
 * trigger. The raw latency baseline paces plain kafkajs sends the same way.
 */
export class PacedWriters {
  /** `commitOnce` makes one commit of the load's shape and returns its event ids. */
  constructor(private readonly commitOnce: (load: WriterLoad) => Promise<readonly string[]>) {}

  /** Writers committing through the app's commands: a `UnitOfWork.run` per commit. */
  static ofApp(app: BenchCommandContext): PacedWriters {
    return new PacedWriters((load) => commitAccounts(app, load));
  }

  /** Events in one commit. */
  static eventsPerCommit(load: Pick<WriterLoad, 'accountsPerCommit' | 'depositsPerAccount'>): number {
    return load.accountsPerCommit * (1 + load.depositsPerAccount);
  }

  async run(load: WriterLoad, onCommit: CommitListener): Promise<WriterOutcome> {
    const commitIntervalMs = (1000 * PacedWriters.eventsPerCommit(load)) / load.eventsPerSecond;
    const inFlight = new Set<Promise<void>>();
    const failures: unknown[] = [];
    const started = performance.now();
    const total = Math.floor(load.durationMs / commitIntervalMs);
    let issued = 0;
    let events = 0;
    let lateCommits = 0;
    while (issued < total && failures.length === 0) {
      const now = performance.now();
      const due = Math.min(total, Math.floor((now - started) / commitIntervalMs) + 1);
      while (issued < due && inFlight.size < load.maxInFlight) {
        const dueMs = issued * commitIntervalMs;
        if (now - started - dueMs > LATE_MS) lateCommits += 1;
        issued += 1;
        const commit = this.commit(load, dueMs, onCommit).then(
          (count) => void (events += count),
          (error: unknown) => void failures.push(error),
        );
        inFlight.add(commit);
        void commit.finally(() => inFlight.delete(commit));
      }
      await sleep(1);
    }
    await Promise.all(inFlight);
    if (failures.length > 0)
      throw new AggregateError(failures, `${failures.length} benchmark commits failed`);
    return { commits: issued, events, elapsedMs: performance.now() - started, lateCommits };
  }

  private async commit(load: WriterLoad, dueMs: number, onCommit: CommitListener): Promise<number> {
    const ids = await this.commitOnce(load);
    onCommit(ids, dueMs, performance.timeOrigin + performance.now());
    return ids.length;
  }
}

/** One real command: accounts opened and deposited to in one `UnitOfWork.run` under a passport. */
function commitAccounts(app: BenchCommandContext, load: WriterLoad): Promise<string[]> {
  return app.passport.run({ ...BENCH_PASSPORT, correlationId: uuidv7() }, () =>
    app.unitOfWork.run(async () => {
      const eventIds: string[] = [];
      for (let a = 0; a < load.accountsPerCommit; a++) {
        const account = BenchAccount.open(`writer-${uuidv7()}`);
        for (let d = 1; d <= load.depositsPerAccount; d++) account.deposit(100 + d, `${account.owner}-${d}`);
        eventIds.push(...account.pendingEvents.map((event) => event.eventId));
        app.accounts.add(account);
      }
      return eventIds;
    }),
  );
}
