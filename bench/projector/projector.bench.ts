// reflect-metadata first: the decorators of every module below read and write it on import.
import 'reflect-metadata';
import { relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { describeEnvironment, useDatabaseServer } from '../shared/bench-environment.js';
import { writeBenchReport } from '../shared/report-file.js';
import { writeBenchResults } from '../shared/results-file.js';
import { roundStats } from '../shared/round-stats.js';
import { buildOutboxPreload, loadOutbox, type OutboxPreload } from '../relay/outbox-preload.js';
import {
  ACCOUNT_BALANCES_PROJECTOR,
  RAW_ACCOUNT_BALANCES_PROJECTOR,
} from './fixture/account-balances.read-model.js';
import { BENCH_BATCH_SIZE, ProjectorBenchApp } from './fixture/projector-bench-app.js';
import { compareLiveLag, type LiveSettings } from './live-comparison.js';
import { progress } from './progress.js';
import {
  checkReadModel,
  eventsApplied,
  resetProjections,
  untilOutboxBelowHorizon,
} from './projection-state.js';
import { projectorFigures } from './projector-figures.js';
import type { ProjectorPhases } from './projector-probe.js';
import { renderProjectorReport } from './projector-report.js';
import {
  libraryProfile,
  rawProfile,
  type CatchUpResult,
  type ProjectorBenchResults,
} from './projector-results.js';
import { RawProjectionLoop, type RawLoopPhases } from './raw-projection-loop.js';

/**
 * `npm run bench:projector`: how fast the outbox projector catches up with a backlog next to a
 * hand-written node-postgres loop doing the same work, and the writer commit → projection commit
 * lag of both while writers commit at a steady rate. `BENCH_QUICK=1` for a small run.
 */

const QUICK = process.env['BENCH_QUICK'] === '1';

/** 50,000 events: 1,000 accounts × (1 opened + 49 deposits), in a seeded interleaving. */
const AGGREGATES = QUICK ? 200 : 1_000;
const EVENTS_PER_AGGREGATE = QUICK ? 25 : 50;
/** The warm-up catches up with a tenth of that: enough for the JIT and the plans. */
const WARMUP_AGGREGATES = QUICK ? 20 : 100;
/** Timed rounds; the order of the paths rotates every round. */
const ROUNDS = QUICK ? 1 : 3;
const CATCH_UP_TIMEOUT_MS = 120_000;

/** Live: 10 s of writes, the first 2 s unmeasured; two runs per projector. */
const LIVE: LiveSettings = QUICK
  ? { durationMs: 3_000, warmupMs: 1_000, runs: 1 }
  : { durationMs: 10_000, warmupMs: 2_000, runs: 2 };

type CatchUpPath = 'dddKit' | 'raw' | 'rawCheckpointOnly';

interface CatchUpTimings {
  readonly ms: Record<CatchUpPath, number[]>;
  readonly dddKitPhases: ProjectorPhases[];
  readonly rawPhases: RawLoopPhases[];
  readonly rawCheckpointOnlyPhases: RawLoopPhases[];
}

async function main(): Promise<void> {
  const serverUrl = useDatabaseServer();
  const environment = await describeEnvironment(serverUrl);
  const app = await ProjectorBenchApp.start();
  try {
    const raw = new RawProjectionLoop(app.pool, { batchSize: BENCH_BATCH_SIZE, dedupe: true });
    const rawCheckpointOnly = new RawProjectionLoop(app.pool, { batchSize: BENCH_BATCH_SIZE, dedupe: false });
    const warmup = buildOutboxPreload(WARMUP_AGGREGATES, EVENTS_PER_AGGREGATE);
    const full = buildOutboxPreload(AGGREGATES, EVENTS_PER_AGGREGATE);
    progress(
      `Catch-up: ${full.rows} outbox rows over ${full.aggregates} aggregates, batch ${BENCH_BATCH_SIZE}`,
    );
    const timings = await timeCatchUp(app, { raw, rawCheckpointOnly }, warmup, full);
    const catchUp = summarizeCatchUp(full, warmup, timings);

    const liveLag = await compareLiveLag(app, raw, catchUp.dddKit.medianPerSecond, LIVE);
    const results: ProjectorBenchResults = {
      benchmark: 'projector',
      description:
        'ProjectorModule (outbox source) catching up with 50k outbox events vs a raw node-postgres loop, and writer commit → projection commit lag of both at a steady write rate',
      finishedAt: new Date().toISOString(),
      quick: QUICK,
      environment,
      catchUp,
      liveLag,
      ...projectorFigures(catchUp, liveLag),
    };
    const report = renderProjectorReport(results);
    console.log(report);
    const jsonPath = await writeBenchResults('projector', results);
    const reportPath = await writeBenchReport('projector', report);
    console.log(
      `\nResults written to ${relative(process.cwd(), jsonPath)} and ${relative(process.cwd(), reportPath)}`,
    );
  } finally {
    await app.close();
  }
}

/**
 * A warm-up round on the small backlog, then timed rounds on the full one. The outbox is loaded
 * once per backlog (projectors only read it); before each path the read model and every
 * checkpoint are emptied, and the path's result is checked against the outbox.
 */
async function timeCatchUp(
  app: ProjectorBenchApp,
  loops: Record<Exclude<CatchUpPath, 'dddKit'>, RawProjectionLoop>,
  warmup: OutboxPreload,
  full: OutboxPreload,
): Promise<CatchUpTimings> {
  const timings: CatchUpTimings = {
    ms: { dddKit: [], raw: [], rawCheckpointOnly: [] },
    dddKitPhases: [],
    rawPhases: [],
    rawCheckpointOnlyPhases: [],
  };
  const order: CatchUpPath[] = ['dddKit', 'raw', 'rawCheckpointOnly'];
  for (let round = -1; round < ROUNDS; round++) {
    const preload = round < 0 ? warmup : full;
    if (round <= 0) {
      await loadOutbox(app.pool, preload);
      await untilOutboxBelowHorizon(app.pool, CATCH_UP_TIMEOUT_MS);
    }
    const shift = (round + 1) % order.length;
    for (const path of [...order.slice(shift), ...order.slice(0, shift)]) {
      await resetProjections(app.pool);
      const ms =
        path === 'dddKit'
          ? await catchUpWithLibrary(app, preload.rows)
          : await catchUpWithRawLoop(app, loops[path], preload.rows);
      progress(`${round < 0 ? 'warm-up' : `round ${round + 1}/${ROUNDS}`}: ${path} ${ms.toFixed(0)} ms`);
      if (round < 0) continue;
      timings.ms[path].push(ms);
      if (path === 'dddKit') timings.dddKitPhases.push(app.probe.phases);
      else timings[`${path}Phases`].push(loops[path].phases);
    }
  }
  return timings;
}

/** `ProjectorRunner.start()` until the probe saw every event applied; then the status must agree. */
async function catchUpWithLibrary(app: ProjectorBenchApp, events: number): Promise<number> {
  app.probe.reset();
  const started = performance.now();
  await app.runner.start();
  await app.probe.whenApplied(events, CATCH_UP_TIMEOUT_MS);
  const ms = performance.now() - started;
  await app.runner.stop();
  const status = await app.status.get(ACCOUNT_BALANCES_PROJECTOR);
  const applied = status.partitions.reduce((sum, partition) => sum + partition.eventsApplied, 0);
  if (status.lag.events !== 0 || status.parked !== 0 || applied !== events)
    throw new Error(
      `Projector status after catch-up: lag ${status.lag.events}, parked ${status.parked}, applied ${applied} of ${events}`,
    );
  await expectCorrectReadModel(app, 'ddd-kit');
  return ms;
}

async function catchUpWithRawLoop(
  app: ProjectorBenchApp,
  loop: RawProjectionLoop,
  events: number,
): Promise<number> {
  loop.resetPhases();
  const started = performance.now();
  await loop.drain();
  const ms = performance.now() - started;
  const applied = await eventsApplied(app.pool, RAW_ACCOUNT_BALANCES_PROJECTOR);
  if (applied !== events) throw new Error(`The raw loop applied ${applied} of ${events} events`);
  await expectCorrectReadModel(app, 'raw');
  return ms;
}

async function expectCorrectReadModel(app: ProjectorBenchApp, path: string): Promise<void> {
  const { accounts, wrong } = await checkReadModel(app.pool);
  if (wrong > 0) throw new Error(`${path}: ${wrong} of ${accounts} accounts differ from their outbox events`);
}

function summarizeCatchUp(
  full: OutboxPreload,
  warmup: OutboxPreload,
  timings: CatchUpTimings,
): CatchUpResult {
  const dddKit = roundStats(timings.ms.dddKit, full.rows);
  const raw = roundStats(timings.ms.raw, full.rows);
  const rawCheckpointOnly = roundStats(timings.ms.rawCheckpointOnly, full.rows);
  return {
    events: full.rows,
    aggregates: full.aggregates,
    batchSize: BENCH_BATCH_SIZE,
    rounds: ROUNDS,
    warmupEvents: warmup.rows,
    dddKit,
    raw,
    rawCheckpointOnly,
    ratio: dddKit.medianPerSecond / raw.medianPerSecond,
    ratioVsCheckpointOnly: dddKit.medianPerSecond / rawCheckpointOnly.medianPerSecond,
    dddKitProfile: libraryProfile(timings.dddKitPhases, timings.ms.dddKit),
    rawProfile: rawProfile(timings.rawPhases, timings.ms.raw),
    rawCheckpointOnlyProfile: rawProfile(timings.rawCheckpointOnlyPhases, timings.ms.rawCheckpointOnly),
  };
}

await main();
