import { latencyDistribution } from '../shared/latency-distribution.js';
import type { WriterLoad } from '../relay/paced-writers.js';
import {
  ACCOUNT_BALANCES_PROJECTOR,
  RAW_ACCOUNT_BALANCES_PROJECTOR,
} from './fixture/account-balances.read-model.js';
import type { ProjectorBenchApp } from './fixture/projector-bench-app.js';
import { HorizonWatch } from './horizon-watch.js';
import { measureLiveLag, type LiveLagRun, type LiveProjector } from './live-lag.js';
import { progress } from './progress.js';
import { checkpointsAtHead, resetProjections } from './projection-state.js';
import { DDD_KIT_LABEL, RAW_LABEL } from './projector-figures.js';
import type { LiveLagPath, LiveLagResult, LiveLagRunSummary } from './projector-results.js';
import type { RawProjectionLoop } from './raw-projection-loop.js';

/**
 * A busy service's steady write rate, capped at half the library's measured catch-up rate so the
 * projector stays in its live regime (never a backlog) on a slow machine too. Both projectors
 * get the same rate.
 */
const LIVE_EVENTS_PER_SECOND = 2_000;
const LIVE_LOAD_FRACTION = 0.5;
const LIVE_GRACE_MS = 10_000;
/**
 * A run during which another database's transaction held the commit horizon longer than this
 * measured that transaction: it is discarded and run again, at most `MAX_REPEATS` times.
 */
const HORIZON_HELD_MS = 1_000;
const MAX_REPEATS = 2;
/** Before a run, wait this long at most for such a transaction to end. */
const CLEAR_HORIZON_TIMEOUT_MS = 20_000;

type LivePath = 'dddKit' | 'raw';

/** How long and how often: the full run, or `BENCH_QUICK`'s. */
export interface LiveSettings {
  readonly durationMs: number;
  readonly warmupMs: number;
  /** Runs per projector, alternating: ddd-kit, raw, ddd-kit, raw… */
  readonly runs: number;
}

/**
 * Live runs on the outbox the catch-up left (its history kept, as the outbox source needs), each
 * projector starting with its checkpoint at the newest row and an empty read model.
 */
export async function compareLiveLag(
  app: ProjectorBenchApp,
  raw: RawProjectionLoop,
  catchUpPerSecond: number,
  settings: LiveSettings,
): Promise<LiveLagResult> {
  const cap = Math.round(catchUpPerSecond * LIVE_LOAD_FRACTION);
  const load: WriterLoad = {
    // As the relay bench: 2 accounts × (1 opened + 9 deposits) = 20 events per commit.
    accountsPerCommit: 2,
    depositsPerAccount: 9,
    maxInFlight: 8,
    durationMs: settings.durationMs,
    eventsPerSecond: Math.min(LIVE_EVENTS_PER_SECOND, cap),
  };
  const rateChoice =
    load.eventsPerSecond < LIVE_EVENTS_PER_SECOND
      ? `${LIVE_LOAD_FRACTION} × the library's median catch-up rate, below the ${LIVE_EVENTS_PER_SECOND} events/s of a busy service`
      : `a busy service's steady rate, below ${LIVE_LOAD_FRACTION} × the library's catch-up rate (${cap} events/s)`;
  const projectors: Record<LivePath, LiveProjector> = {
    dddKit: {
      start: async (onApplied) => {
        app.probe.reset(onApplied);
        await app.runner.start();
      },
      stop: () => app.runner.stop(),
    },
    raw: {
      start: (onApplied) => raw.start(app.test.database.url, onApplied),
      stop: () => raw.stop(),
    },
  };
  const samples: Record<LivePath, number[]> = { dddKit: [], raw: [] };
  const runs: Record<LivePath, LiveLagRunSummary[]> = { dddKit: [], raw: [] };
  const discarded: Record<LivePath, number> = { dddKit: 0, raw: 0 };
  for (let run = 0; run < settings.runs; run++) {
    for (const path of ['dddKit', 'raw'] as const) {
      for (let attempt = 0; ; attempt++) {
        progress(
          `Live ${run + 1}/${settings.runs}: ${path} at ${load.eventsPerSecond} events/s for ${load.durationMs / 1000} s`,
        );
        const { lagMs, summary } = await liveRun(app, projectors[path], load, settings.warmupMs);
        progress(
          `  p50 ${summary.p50.toFixed(1)} ms, p99 ${summary.p99.toFixed(1)} ms, max ${summary.max.toFixed(1)} ms, ` +
            `missing ${summary.missing}, lag growth ${summary.lagGrowthMs.toFixed(1)} ms`,
        );
        if (summary.foreignTransactionMs > HORIZON_HELD_MS && attempt < MAX_REPEATS) {
          progress(
            `  discarded: a transaction of another database held the commit horizon for ${(summary.foreignTransactionMs / 1000).toFixed(1)} s`,
          );
          discarded[path] += 1;
          continue;
        }
        runs[path].push(summary);
        samples[path].push(...lagMs);
        break;
      }
    }
  }
  const span = 'writer commit → projection commit';
  const result = (key: LivePath, label: string): LiveLagPath => ({
    runs: runs[key],
    pooled: latencyDistribution({ scenario: 'projector', label, span }, samples[key]),
    missing: runs[key].reduce((sum, run) => sum + run.missing, 0),
    discardedRuns: discarded[key],
  });
  return {
    load,
    rateChoice,
    warmupMs: settings.warmupMs,
    graceMs: LIVE_GRACE_MS,
    horizonHeldMs: HORIZON_HELD_MS,
    dddKit: result('dddKit', DDD_KIT_LABEL),
    raw: result('raw', RAW_LABEL),
  };
}

/** One run from a clean state: empty read model, both checkpoints at the outbox's newest row. */
async function liveRun(
  app: ProjectorBenchApp,
  projector: LiveProjector,
  load: WriterLoad,
  warmupMs: number,
): Promise<{ lagMs: readonly number[]; summary: LiveLagRunSummary }> {
  await resetProjections(app.pool);
  await checkpointsAtHead(app.pool, [ACCOUNT_BALANCES_PROJECTOR, RAW_ACCOUNT_BALANCES_PROJECTOR]);
  await HorizonWatch.untilClear(app.pool, HORIZON_HELD_MS / 2, CLEAR_HORIZON_TIMEOUT_MS);
  const watch = HorizonWatch.start(app.pool);
  let run: LiveLagRun;
  let foreignTransactionMs: number;
  try {
    run = await measureLiveLag({
      database: app.test.database,
      projector,
      load,
      warmupMs,
      graceMs: LIVE_GRACE_MS,
    });
  } finally {
    foreignTransactionMs = await watch.stop();
  }
  const { lagMs, ...outcome } = run;
  const { p50, p90, p99, max } = latencyDistribution({ scenario: '', label: '', span: '' }, lagMs);
  return { lagMs, summary: { ...outcome, p50, p90, p99, max, foreignTransactionMs } };
}
