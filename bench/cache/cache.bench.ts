// reflect-metadata first: the decorators of every module below read and write it on import.
import 'reflect-metadata';
import { relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { writeBenchReport } from '../shared/report-file.js';
import { writeBenchResults } from '../shared/results-file.js';
import { median, percentile, roundStats } from '../shared/round-stats.js';
import { CacheBenchApp } from './cache-bench-app.js';
import { cacheFigures } from './cache-figures.js';
import { renderCacheReportFile } from './cache-report-file.js';
import { benchRedisUrl, describeCacheEnvironment } from './cache-bench-environment.js';
import { labelOf, renderCacheReport, type CacheBenchResults, type HitPathResult } from './cache-report.js';
import { prepareHitPaths, type HitOperation, type HitPath } from './hit-paths.js';
import { stockPage } from './stock-page.js';

/**
 * `npm run bench:cache`: what a cache hit costs through `CacheService` (tenant namespace, tag
 * check in Lua, envelope and Date revival) next to the least a hit can cost, a raw ioredis `GET`
 * plus `JSON.parse` of the same value, on the same Redis in the same run.
 */

const ROUNDS = 9;
const WARMUP_ROUNDS = 2;
const OPS_PER_ROUND = 5_000;
const KEYS = 100;
const ROWS = 20;
const TENANT = 'bench-tenant';
const PATHS: readonly HitPath[] = ['rawGet', 'cacheGet', 'getOrSet', 'getOrSetTagged', 'cacheGetTagged'];

/** One round of one path. */
interface RoundSample {
  readonly ms: number;
  readonly p50Us: number;
  readonly p90Us: number;
  readonly p99Us: number;
  readonly maxUs: number;
}

async function main(): Promise<void> {
  const redisUrl = benchRedisUrl();
  const redis = new Redis(redisUrl);
  let app: CacheBenchApp | undefined;
  try {
    const environment = await describeCacheEnvironment(redis);
    app = await CacheBenchApp.start(redisUrl);
    const started = app;
    const value = stockPage(ROWS);
    // Every path runs inside a tenant's passport, as requests do: the namespace lookup is part of a hit.
    const samples = await app.passport.run({ tenantId: TENANT }, async () => {
      const paths = await prepareHitPaths(started, redis, value, KEYS);
      return timeRounds(paths);
    });
    const paths = summarize(samples);
    const results: CacheBenchResults = {
      benchmark: 'cache',
      description: 'Cache hit: CacheService.get / getOrSet on Redis vs raw ioredis GET + JSON.parse',
      finishedAt: new Date().toISOString(),
      environment,
      rounds: ROUNDS,
      warmupRounds: WARMUP_ROUNDS,
      opsPerRound: OPS_PER_ROUND,
      keys: KEYS,
      valueBytes: Buffer.byteLength(JSON.stringify(value)),
      paths,
      ...cacheFigures(paths, OPS_PER_ROUND * ROUNDS),
    };
    console.log(renderCacheReport(results));
    const path = await writeBenchResults('cache', results);
    const reportPath = await writeBenchReport('cache', renderCacheReportFile(results));
    console.log(
      `\nResults written to ${relative(process.cwd(), path)} and ${relative(process.cwd(), reportPath)}`,
    );
  } finally {
    if (app) await deleteBenchKeys(redis, app.keyPrefix);
    await app?.close();
    redis.disconnect();
  }
}

/** Warm-up rounds, then timed rounds; the order of the paths rotates every round. */
async function timeRounds(paths: Record<HitPath, HitOperation>): Promise<Map<HitPath, RoundSample[]>> {
  const samples = new Map<HitPath, RoundSample[]>(PATHS.map((path) => [path, []]));
  for (let round = -WARMUP_ROUNDS; round < ROUNDS; round++) {
    const shift = (round + WARMUP_ROUNDS) % PATHS.length;
    for (const path of [...PATHS.slice(shift), ...PATHS.slice(0, shift)]) {
      const sample = await timeRound(paths[path]);
      progress(
        `${round < 0 ? 'warm-up' : `round ${round + 1}/${ROUNDS}`}: ${path} ` +
          `${Math.round((OPS_PER_ROUND * 1000) / sample.ms)} ops/s, p50 ${sample.p50Us.toFixed(1)} µs`,
      );
      if (round >= 0) samples.get(path)!.push(sample);
    }
  }
  return samples;
}

/** One operation at a time, each timed on its own. */
async function timeRound(read: HitOperation): Promise<RoundSample> {
  const latencies = new Array<number>(OPS_PER_ROUND);
  const started = performance.now();
  for (let index = 0; index < OPS_PER_ROUND; index++) {
    const before = performance.now();
    await read(index);
    latencies[index] = (performance.now() - before) * 1000;
  }
  const ms = performance.now() - started;
  return {
    ms,
    p50Us: percentile(latencies, 50),
    p90Us: percentile(latencies, 90),
    p99Us: percentile(latencies, 99),
    maxUs: percentile(latencies, 100),
  };
}

function summarize(samples: Map<HitPath, RoundSample[]>): HitPathResult[] {
  const base = (path: HitPath) => {
    const rounds = samples.get(path)!;
    return {
      rounds: roundStats(
        rounds.map((round) => round.ms),
        OPS_PER_ROUND,
      ),
      roundP50Us: rounds.map((round) => round.p50Us),
      roundP90Us: rounds.map((round) => round.p90Us),
      roundP99Us: rounds.map((round) => round.p99Us),
      roundMaxUs: rounds.map((round) => round.maxUs),
    };
  };
  const raw = base('rawGet');
  const rawP50Us = median(raw.roundP50Us);
  return PATHS.map((path) => {
    const stats = base(path);
    const p50Us = median(stats.roundP50Us);
    return {
      path,
      label: labelOf(path),
      ...stats,
      p50Us,
      p90Us: median(stats.roundP90Us),
      p99Us: median(stats.roundP99Us),
      maxUs: Math.max(...stats.roundMaxUs),
      ratioToRaw: stats.rounds.medianPerSecond / raw.rounds.medianPerSecond,
      p50OverheadUs: p50Us - rawP50Us,
    };
  });
}

async function deleteBenchKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1_000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}

function progress(line: string): void {
  process.stderr.write(`${line}\n`);
}

await main();
