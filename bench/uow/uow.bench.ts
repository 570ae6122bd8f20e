// reflect-metadata first: the decorators of every module below read and write it on import.
import 'reflect-metadata';
import { relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { UnitOfWork } from '@ddd-kit/database';
import { describeEnvironment, useDatabaseServer } from '../shared/bench-environment.js';
import { heapTrend, heapUsedAfterGc } from '../shared/heap-probe.js';
import { writeBenchReport } from '../shared/report-file.js';
import { writeBenchResults } from '../shared/results-file.js';
import { median, roundStats } from '../shared/round-stats.js';
import { DddKitWriter } from './ddd-kit-writer.js';
import { BenchProductRepository } from './fixture/bench-product.repository.js';
import { startUowBenchApp } from './fixture/uow-bench-app.js';
import { RawBaselineWriter } from './raw-baseline-writer.js';
import { uowFigures } from './uow-figures.js';
import { productInputs, type RoundWriter } from './round-writer.js';
import {
  meetsTargets,
  renderUowReport,
  renderUowReportFile,
  UOW_TARGETS,
  type UowBenchResults,
  type UowSizeResult,
} from './uow-report.js';

/**
 * `npm run bench:uow`: the cost of one unit of work that flushes N new aggregates, each with one
 * domain event written as a row by an event sink in the same flush, against hand-written
 * node-postgres doing the same inserts. See `uow-report.ts` for the targets.
 */

const SIZES = [1, 100, 1_000] as const;
const ROUNDS = 20;
const WARMUP_ROUNDS = 3;

/** Timed rounds of one batch size, in run order. */
interface Timings {
  readonly dddKitMs: number[];
  readonly rawMs: number[];
}

async function main(): Promise<void> {
  heapUsedAfterGc(); // fails fast without --expose-gc
  const serverUrl = useDatabaseServer();
  const environment = await describeEnvironment(serverUrl);
  const app = await startUowBenchApp();
  const raw = RawBaselineWriter.open(app.database.url);
  try {
    const dddKit = new DddKitWriter(app.module.get(UnitOfWork), app.module.get(BenchProductRepository));
    // Every timing pass runs before any heap pass: a forced full GC makes V8 drop optimized code
    // of MikroORM's flush path, and the rounds after it would pay for re-optimizing, which
    // production does not pay per transaction. Largest N first, so that its warm-up also warms
    // the code for the small batches.
    const timings = new Map<number, Timings>();
    for (const n of [...SIZES].reverse()) {
      await raw.truncate();
      timings.set(n, await timeRounds(n, dddKit, raw));
    }
    const sizes = [];
    for (const n of SIZES) sizes.push(summarize(n, timings.get(n)!, await sampleHeap(n, dddKit)));
    const results: UowBenchResults = {
      benchmark: 'uow',
      description: 'One UnitOfWork.run flushing N new aggregates with one event row each, vs raw pg',
      finishedAt: new Date().toISOString(),
      environment,
      rounds: ROUNDS,
      warmupRounds: WARMUP_ROUNDS,
      targets: UOW_TARGETS,
      meetsTargets: sizes.every((size) => size.meetsTargets),
      sizes,
      ...uowFigures(sizes),
    };
    const report = renderUowReport(results);
    console.log(report);
    const path = await writeBenchResults('uow', results);
    const reportPath = await writeBenchReport('uow', renderUowReportFile(results));
    console.log(
      `\nResults written to ${relative(process.cwd(), path)} and ${relative(process.cwd(), reportPath)}`,
    );
  } finally {
    await raw.close();
    await app.close();
  }
}

/** Statistics, ratio and heap trend of one batch size. */
function summarize(n: number, { dddKitMs, rawMs }: Timings, heap: readonly number[]): UowSizeResult {
  const dddKit = roundStats(dddKitMs, n);
  const raw = roundStats(rawMs, n);
  const ratio = dddKit.medianPerSecond / raw.medianPerSecond;
  const trend = heapTrend(heap, { maxGrowth: UOW_TARGETS.maxHeapGrowth });
  return {
    n,
    dddKit,
    raw,
    ratio,
    pairedRatioMedian: median(dddKitMs.map((ms, index) => rawMs[index]! / ms)),
    heap: trend,
    meetsTargets: meetsTargets(n, ratio, trend),
  };
}

/** Warm-up, then interleaved timed rounds; the side that goes first alternates every round. */
async function timeRounds(n: number, dddKit: DddKitWriter, raw: RawBaselineWriter): Promise<Timings> {
  const dddKitMs: number[] = [];
  const rawMs: number[] = [];
  for (let round = -WARMUP_ROUNDS; round < ROUNDS; round++) {
    const order: RoundWriter[] = round % 2 === 0 ? [dddKit, raw] : [raw, dddKit];
    for (const writer of order) {
      const inputs = productInputs(n, `${writer === raw ? 'raw' : 'ddd'}-${n}-${round}`);
      const started = performance.now();
      await writer.write(inputs);
      const ms = performance.now() - started;
      if (round < 0) continue;
      (writer === raw ? rawMs : dddKitMs).push(ms);
    }
  }
  process.stderr.write(
    `N=${n}: ddd-kit ${median(dddKitMs).toFixed(2)} ms, raw ${median(rawMs).toFixed(2)} ms\n`,
  );
  return { dddKitMs, rawMs };
}

/** `ROUNDS` untimed ddd-kit rounds, each followed by a full GC and a heap reading. */
async function sampleHeap(n: number, dddKit: DddKitWriter): Promise<number[]> {
  const heap: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    await dddKit.write(productInputs(n, `heap-${n}-${round}`));
    heap.push(heapUsedAfterGc());
  }
  return heap;
}

await main();
