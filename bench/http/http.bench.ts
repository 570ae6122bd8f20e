// reflect-metadata first: the migrations' MikroORM imports read it on import.
import 'reflect-metadata';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeEnvironment, useDatabaseServer } from '../shared/bench-environment.js';
import { writeBenchResults } from '../shared/results-file.js';
import { median } from '../shared/round-stats.js';
import { BenchDatabase } from './bench-database.js';
import { BENCH_POOL_SIZE } from './bench-pool.js';
import { summarizeCpuProfile, type ProfileSummary } from './cpu-profile-summary.js';
import { renderHttpReport, writeHttpMarkdown } from './http-report.js';
import {
  HTTP_TARGETS,
  httpFigures,
  integrityProblems,
  summarizeServer,
  type HttpBenchConfig,
  type HttpBenchResults,
  type ServerRound,
} from './http-results.js';
import { loadRound } from './load-round.js';
import type { ProcessUsage } from './server-protocol.js';
import { ServerProcess } from './server-process.js';

/**
 * `npm run bench:http`: the full command path over HTTP. `POST /accounts` on a Nest + ddd-kit
 * server (validation, tenancy, CommandBus, `@Transactional` handler, repository, outbox sink)
 * against raw Fastify + node-postgres doing the same two inserts in one transaction. Each server
 * runs in its own process on its own database; autocannon loads them in alternating rounds.
 * `BENCH_QUICK=1` for a short run while developing.
 */

const QUICK = process.env['BENCH_QUICK'] === '1';

const CONFIG: HttpBenchConfig = {
  quick: QUICK,
  connections: 64,
  pipelining: 1,
  poolSize: BENCH_POOL_SIZE,
  warmupRequests: QUICK ? 1_000 : 3_000,
  roundSeconds: QUICK ? 3 : 10,
  roundsPerServer: QUICK ? 2 : 5,
  profileSeconds: QUICK ? 2 : 5,
  profileSamplingIntervalUs: 250,
};

const here = dirname(fileURLToPath(import.meta.url));

type ServerKey = 'raw' | 'dddKit';

/** A server under test with its database. */
interface Target {
  readonly key: ServerKey;
  readonly label: string;
  readonly server: ServerProcess;
  readonly database: BenchDatabase;
}

async function main(): Promise<void> {
  const environment = await describeEnvironment(useDatabaseServer());
  const databases: BenchDatabase[] = [];
  const servers: ServerProcess[] = [];
  try {
    const open = async (key: ServerKey, label: string, script: string): Promise<Target> => {
      const database = await BenchDatabase.create();
      databases.push(database);
      const server = await ServerProcess.start(label, join(here, script), database.url);
      servers.push(server);
      return { key, label, server, database };
    };
    // Raw first in every pair, as the issue lists them.
    const targets = [
      await open('raw', 'raw Fastify + pg', 'raw/raw-server.js'),
      await open('dddKit', 'ddd-kit (Nest + CQRS + outbox)', 'ddd-kit/ddd-kit-server.js'),
    ];

    const requestsPerRound = new Map<ServerKey, number>();
    for (const target of targets) requestsPerRound.set(target.key, await warmUp(target));

    const rounds = new Map<ServerKey, ServerRound[]>(targets.map((target) => [target.key, []]));
    for (let round = 0; round < CONFIG.roundsPerServer; round++) {
      for (const target of targets) {
        const measured = await measureRound(target, requestsPerRound.get(target.key)!, `r${round}`);
        rounds.get(target.key)!.push(measured);
        progress(
          `round ${round + 1}/${CONFIG.roundsPerServer} ${target.label}: ${Math.round(measured.load.requestsPerSecond)} req/s, ` +
            `p99 ${measured.load.latency.p99} ms, ${Math.round(measured.cpuUsPerRequest)} µs CPU/req`,
        );
      }
    }

    const profiles = new Map<ServerKey, ProfileSummary>();
    for (const target of targets) {
      const rate = requestsPerRound.get(target.key)! / CONFIG.roundSeconds;
      profiles.set(target.key, await profileRound(target, Math.round(rate * CONFIG.profileSeconds)));
    }

    const result = (key: ServerKey) => {
      const target = targets.find((candidate) => candidate.key === key)!;
      return { ...summarizeServer(target.label, rounds.get(key)!), profile: profiles.get(key)! };
    };
    const raw = result('raw');
    const dddKit = result('dddKit');
    const throughputRatio = dddKit.medians.requestsPerSecond / raw.medians.requestsPerSecond;
    const p99Ratio = raw.medians.p99 / dddKit.medians.p99;
    const problems = [...integrityProblems(raw), ...integrityProblems(dddKit)];
    const results: HttpBenchResults = {
      benchmark: 'http',
      description:
        'POST /accounts writing an aggregate and its outbox row: Nest + ddd-kit vs raw Fastify + pg, autocannon at 64 connections',
      finishedAt: new Date().toISOString(),
      environment,
      config: CONFIG,
      targets: HTTP_TARGETS,
      raw,
      dddKit,
      throughputRatio,
      p99Ratio,
      pairedThroughputRatio: median(
        dddKit.rounds.map(
          (round, index) => round.load.requestsPerSecond / raw.rounds[index]!.load.requestsPerSecond,
        ),
      ),
      integrity: { ok: problems.length === 0, problems },
      meetsTargets:
        problems.length === 0 &&
        throughputRatio >= HTTP_TARGETS.minThroughputRatio &&
        p99Ratio >= HTTP_TARGETS.minP99Ratio,
      ...httpFigures(raw, dddKit),
    };
    const report = renderHttpReport(results);
    console.log(report);
    const path = await writeBenchResults('http', results);
    const markdown = await writeHttpMarkdown(report);
    console.log(
      `\nResults written to ${relative(process.cwd(), path)} and ${relative(process.cwd(), markdown)}`,
    );
    if (!results.integrity.ok) process.exitCode = 1;
  } finally {
    for (const server of servers) await server.stop();
    for (const database of databases) await database.drop();
  }
}

/**
 * Untimed requests until the JIT has settled, twice; the second pass's rate sets how many
 * requests the server's rounds get, so every round lasts about `roundSeconds`.
 */
async function warmUp(target: Target): Promise<number> {
  let rate = 0;
  for (const pass of [1, 2]) {
    const load = await loadRound(target.server.url, `warmup${pass}`, {
      connections: CONFIG.connections,
      requests: CONFIG.warmupRequests,
    });
    await target.database.truncate();
    rate = load.requestsPerSecond;
  }
  progress(`${target.label} warmed up: ${Math.round(rate)} req/s`);
  return Math.max(CONFIG.connections * 10, Math.round(rate * CONFIG.roundSeconds));
}

/** One timed round: load, the server's CPU and event-loop use, the rows it wrote; then truncate. */
async function measureRound(target: Target, requests: number, prefix: string): Promise<ServerRound> {
  const before = await target.server.usage();
  const load = await loadRound(target.server.url, prefix, { connections: CONFIG.connections, requests });
  const after = await target.server.usage();
  const rows = await target.database.rowCounts();
  await target.database.truncate();
  return {
    load,
    cpuUsPerRequest: (cpuMicros(after) - cpuMicros(before)) / Math.max(1, load.ok),
    eventLoopUtilization: eventLoopUtilization(before, after),
    rows,
  };
}

/** A round under the inspector's CPU profiler (slower, so not measured), then its summary. */
async function profileRound(target: Target, requests: number): Promise<ProfileSummary> {
  const path = join(tmpdir(), `bench-http-${target.key}-${process.pid}.cpuprofile`);
  await target.server.startProfile(CONFIG.profileSamplingIntervalUs);
  await loadRound(target.server.url, 'profile', { connections: CONFIG.connections, requests });
  await target.server.stopProfile(path);
  await target.database.truncate();
  progress(`${target.label} profiled: ${path}`);
  return summarizeCpuProfile(path);
}

function cpuMicros(usage: ProcessUsage): number {
  return usage.cpu.user + usage.cpu.system;
}

function eventLoopUtilization(before: ProcessUsage, after: ProcessUsage): number {
  const active = after.eventLoop.active - before.eventLoop.active;
  const idle = after.eventLoop.idle - before.eventLoop.idle;
  return active / Math.max(1e-9, active + idle);
}

function progress(message: string): void {
  process.stderr.write(`${message}\n`);
}

await main();
