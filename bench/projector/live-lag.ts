import { setTimeout as sleep } from 'node:timers/promises';
import type { TestDatabase } from '@ddd-kit/testing';
import { median } from '../shared/round-stats.js';
import type { WriterLoad } from '../relay/paced-writers.js';
import { LatencyWriters } from '../relay/latency-writers.js';
import type { AppliedListener } from './projector-probe.js';

/** A projector that can run live: the library's, or the raw loop. */
export interface LiveProjector {
  /** Starts it; it calls `onApplied` after each committed batch, in its own thread. */
  start(onApplied: AppliedListener): Promise<void>;
  stop(): Promise<void>;
}

/** Writer commit → projection commit, for one run of one projector. */
export interface LiveLagRun {
  /** Events per second the writers actually committed. */
  readonly achievedEventsPerSecond: number;
  /** Commits that started late: the writers could not keep the rate. */
  readonly lateCommits: number;
  /** Events committed after the warm-up: the samples. */
  readonly measuredEvents: number;
  /** Measured events not applied within the grace period: must be 0. */
  readonly missing: number;
  /**
   * Median lag of the last quarter of the measured commits minus that of the first quarter: well
   * above zero, the projector fell behind the writers and the lag grew over the run.
   */
  readonly lagGrowthMs: number;
  /** Lag per measured event in ms, in commit order, a missing one as `Infinity`. */
  readonly lagMs: readonly number[];
}

/** Options of {@link measureLiveLag}. */
export interface LiveLagOptions {
  readonly database: Pick<TestDatabase, 'url' | 'name'>;
  readonly projector: LiveProjector;
  readonly load: WriterLoad;
  /** The first part of the run is not measured: the JIT and the plans warm up. */
  readonly warmupMs: number;
  /** How long after the last commit every measured event must have been applied. */
  readonly graceMs: number;
}

/**
 * Runs the writers at a fixed rate while the projector runs live, and takes per event the time
 * its projection's transaction committed (seen from the projector's thread) minus the time the
 * writer's commit returned (seen from the writers' thread). Both are `performance.timeOrigin +
 * performance.now()`, one clock for the whole process, so no database round trip sits between
 * an event and its timestamp.
 */
export async function measureLiveLag(options: LiveLagOptions): Promise<LiveLagRun> {
  // The relay bench's writers, one thread: another instance of the app (accounts and the outbox,
  // no relay, no projector) committing real units of work at a fixed rate on the measured app's
  // database, so the writes never share the event loop with the projector being measured.
  const { database, load, warmupMs } = options;
  const writers = await LatencyWriters.start(
    { database: { url: database.url, name: database.name }, load, warmupMs },
    1,
  );
  try {
    const appliedAt = new Map<string, number>();
    await options.projector.start((ids, at) => {
      for (const id of ids) if (!appliedAt.has(id)) appliedAt.set(id, at);
    });
    try {
      const committedAt = new Map<string, number>();
      const outcome = await writers.run((ids, at) =>
        ids.forEach((id, index) => committedAt.set(id, at[index]!)),
      );
      const deadline = Date.now() + options.graceMs;
      while (countApplied(committedAt.keys(), appliedAt) < committedAt.size && Date.now() < deadline)
        await sleep(20);
      const lagMs = [...committedAt].map(([id, at]) => {
        const applied = appliedAt.get(id);
        return applied === undefined ? Infinity : applied - at;
      });
      if (lagMs.length === 0) throw new Error('No commit fell into the measured window');
      return {
        achievedEventsPerSecond: (outcome.events * 1000) / outcome.elapsedMs,
        lateCommits: outcome.lateCommits,
        measuredEvents: committedAt.size,
        missing: lagMs.filter((ms) => ms === Infinity).length,
        lagGrowthMs: lagGrowth(lagMs),
        lagMs,
      };
    } finally {
      await options.projector.stop();
    }
  } finally {
    await writers.stop();
  }
}

function lagGrowth(lagMs: readonly number[]): number {
  const quarter = Math.max(1, Math.floor(lagMs.length / 4));
  return median(lagMs.slice(-quarter)) - median(lagMs.slice(0, quarter));
}

function countApplied(ids: Iterable<string>, appliedAt: ReadonlyMap<string, number>): number {
  let count = 0;
  for (const id of ids) if (appliedAt.has(id)) count += 1;
  return count;
}
