import type { BenchEnvironment } from '../shared/bench-environment.js';
import type { BenchFigures, LatencyDistribution } from '../shared/bench-figures.js';
import { median } from '../shared/round-stats.js';
import type { RoundStats } from '../shared/round-stats.js';
import type { WriterLoad } from '../relay/paced-writers.js';
import type { LiveLagRun } from './live-lag.js';
import type { ProjectorPhases } from './projector-probe.js';
import type { RawLoopPhases } from './raw-projection-loop.js';

/** The library's mean time per batch in each phase, medians over the timed rounds. Milliseconds. */
export interface LibraryBatchProfile {
  readonly batches: number;
  /** Outside the transaction: the source loop's checkpoint read and batch read. */
  readonly sourceCheckpointMs: number;
  readonly readMs: number;
  /** In the transaction: bookkeeping statements… */
  readonly lockMs: number;
  readonly checkpointMs: number;
  readonly dedupeMs: number;
  readonly parkedLanesMs: number;
  readonly saveCheckpointMs: number;
  /** …and the rest of `apply`: begin, the handlers (deserialize, passport, upsert, flush), commit. */
  readonly handlersAndCommitMs: number;
  readonly applyMs: number;
  /** Round wall time over batches. */
  readonly wallMs: number;
  /** Statements per batch through the applier's store (bookkeeping and upserts). */
  readonly statements: number;
}

/** The raw loop's mean time per batch in each phase, medians over the timed rounds. Milliseconds. */
export interface RawBatchProfile {
  readonly batches: number;
  /** `begin`, the checkpoint row locked, and updated at the end. */
  readonly checkpointMs: number;
  readonly readMs: number;
  readonly dedupeMs: number;
  readonly upsertMs: number;
  readonly commitMs: number;
  readonly wallMs: number;
}

/** Catching up with a preloaded outbox from an empty checkpoint. */
export interface CatchUpResult {
  readonly events: number;
  readonly aggregates: number;
  readonly batchSize: number;
  readonly rounds: number;
  readonly warmupEvents: number;
  /** `ProjectorRunner.start()` → every event applied (outbox source, library defaults). */
  readonly dddKit: RoundStats;
  /** The raw node-postgres loop with the library's bookkeeping: checkpoint and applied ids. */
  readonly raw: RoundStats;
  /** The raw loop without applied ids: the checkpoint alone. */
  readonly rawCheckpointOnly: RoundStats;
  /** ddd-kit over raw (with dedupe), median rates. */
  readonly ratio: number;
  /** ddd-kit over raw without dedupe, median rates. */
  readonly ratioVsCheckpointOnly: number;
  readonly dddKitProfile: LibraryBatchProfile;
  readonly rawProfile: RawBatchProfile;
  readonly rawCheckpointOnlyProfile: RawBatchProfile;
}

/** One live run of one projector, without its samples. */
export type LiveLagRunSummary = Omit<LiveLagRun, 'lagMs'> &
  Pick<LatencyDistribution, 'p50' | 'p90' | 'p99' | 'max'> & {
    /** The oldest transaction of another database holding the commit horizon, ms (0: none). */
    readonly foreignTransactionMs: number;
  };

/** Live lag of one projector: every run, and the distribution of all runs' samples together. */
export interface LiveLagPath {
  readonly runs: readonly LiveLagRunSummary[];
  readonly pooled: LatencyDistribution;
  readonly missing: number;
  /** Runs repeated because another database's transaction held the commit horizon. */
  readonly discardedRuns: number;
}

/** Writer commit → projection commit while writers commit at a steady rate. */
export interface LiveLagResult {
  readonly load: WriterLoad;
  /** Why this rate. */
  readonly rateChoice: string;
  readonly warmupMs: number;
  readonly graceMs: number;
  /** A run during which another database's transaction held the horizon longer is repeated. */
  readonly horizonHeldMs: number;
  readonly dddKit: LiveLagPath;
  readonly raw: LiveLagPath;
}

/** Everything `bench/results/projector.json` holds. */
export interface ProjectorBenchResults extends BenchFigures {
  readonly benchmark: 'projector';
  readonly description: string;
  readonly finishedAt: string;
  /** `BENCH_QUICK=1`: a small run for development, not for comparison. */
  readonly quick: boolean;
  readonly environment: BenchEnvironment;
  readonly catchUp: CatchUpResult;
  readonly liveLag: LiveLagResult;
}

/** Per-batch means of each round, then the median over rounds. */
export function libraryProfile(
  phases: readonly ProjectorPhases[],
  roundMs: readonly number[],
): LibraryBatchProfile {
  const perBatch = (pick: (p: ProjectorPhases, index: number) => number) =>
    median(phases.map((p, index) => pick(p, index) / Math.max(1, p.batches)));
  const bookkeeping = (p: ProjectorPhases) =>
    p.lockMs + p.checkpointMs + p.dedupeMs + p.parkedLanesMs + p.saveCheckpointMs;
  return {
    batches: median(phases.map((p) => p.batches)),
    sourceCheckpointMs: perBatch((p) => p.sourceCheckpointMs),
    readMs: perBatch((p) => p.readMs),
    lockMs: perBatch((p) => p.lockMs),
    checkpointMs: perBatch((p) => p.checkpointMs),
    dedupeMs: perBatch((p) => p.dedupeMs),
    parkedLanesMs: perBatch((p) => p.parkedLanesMs),
    saveCheckpointMs: perBatch((p) => p.saveCheckpointMs),
    handlersAndCommitMs: perBatch((p) => p.applyMs - bookkeeping(p)),
    applyMs: perBatch((p) => p.applyMs),
    wallMs: perBatch((_, index) => roundMs[index]!),
    statements: perBatch((p) => p.statements),
  };
}

/** Per-batch means of each round, then the median over rounds. */
export function rawProfile(phases: readonly RawLoopPhases[], roundMs: readonly number[]): RawBatchProfile {
  const perBatch = (pick: (p: RawLoopPhases, index: number) => number) =>
    median(phases.map((p, index) => pick(p, index) / Math.max(1, p.batches)));
  return {
    batches: median(phases.map((p) => p.batches)),
    checkpointMs: perBatch((p) => p.checkpointMs),
    readMs: perBatch((p) => p.readMs),
    dedupeMs: perBatch((p) => p.dedupeMs),
    upsertMs: perBatch((p) => p.upsertMs),
    commitMs: perBatch((p) => p.commitMs),
    wallMs: perBatch((_, index) => roundMs[index]!),
  };
}
