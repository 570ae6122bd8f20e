import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase } from '@ddd-kit/testing';
import { describeEnvironment, useDatabaseServer } from '../shared/bench-environment.js';
import { writeBenchResults } from '../shared/results-file.js';
import type { ContenderRunConfig } from './contender/contender-run.js';
import { runContenderProcess, type ContenderCommand } from './contender-process.js';
import { summarizeContender, summarizeRound, type ContenderRound } from './contender-summary.js';
import { PEER_LABEL, PEER_TARGETS, peerFigures } from './peer-figures.js';
import { PEER_DIR, PEER_ENTRY, preparePeer } from './peer-install.js';
import { renderPeerReport, writePeerReport, type PeerBenchResults } from './peer-report.js';

/**
 * `npm run bench:peer`: ddd-kit's outbox (in-process transport and Kafka) against
 * @fullstackhouse/nestjs-outbox, the nearest existing Nest outbox, on the same workload: N
 * commands from K concurrent callers, each writing one new aggregate row and one event in one
 * transaction, each event delivered to one handler. Every contender runs in a process of its
 * own on a fresh database, one after another, in rotating order over the rounds.
 * `BENCH_QUICK=1` runs one short round.
 */

const QUICK = process.env['BENCH_QUICK'] === '1';
const WORKLOAD = {
  commands: QUICK ? 2_000 : 10_000,
  concurrency: 32,
  warmupCommands: QUICK ? 300 : 1_000,
  rounds: QUICK ? 1 : 3,
  /** Far beyond any contender's drain time: only a stuck outbox gets near it. */
  deliveryTimeoutMs: 60_000,
  /** Longer than the peer's first redelivery (2 s after a claim), so its duplicates show. */
  duplicateWatchMs: QUICK ? 1_000 : 3_000,
} as const;
/** A contender process that takes longer than this is killed and reported as failed. */
const PROCESS_TIMEOUT_MS = 240_000;

type ContenderKey = 'inProcess' | 'kafka' | 'peer';

interface ContenderSpec {
  readonly key: ContenderKey;
  readonly label: string;
  readonly command: ContenderCommand;
}

// Next to this file once built, wherever the build put it.
const DDD_KIT_ENTRY = fileURLToPath(new URL('./ddd-kit-contender.js', import.meta.url));
const CONTENDERS: readonly ContenderSpec[] = [
  {
    key: 'inProcess',
    label: 'ddd-kit (in-process)',
    command: { script: DDD_KIT_ENTRY, args: ['in-process'], cwd: process.cwd() },
  },
  {
    key: 'kafka',
    label: 'ddd-kit (Kafka)',
    command: { script: DDD_KIT_ENTRY, args: ['kafka'], cwd: process.cwd() },
  },
  { key: 'peer', label: PEER_LABEL, command: { script: PEER_ENTRY, args: [], cwd: PEER_DIR } },
];

async function main(): Promise<void> {
  const serverUrl = useDatabaseServer();
  const environment = await describeEnvironment(serverUrl);
  const peerBuild = await preparePeer(progress);
  const failures: string[] = [];
  let peerUnavailable = peerBuild.ok ? undefined : peerBuild.reason;
  if (peerUnavailable) progress(`The peer cannot run: ${peerUnavailable}`);

  const rounds: Record<ContenderKey, ContenderRound[]> = { inProcess: [], kafka: [], peer: [] };
  const settings: Partial<Record<ContenderKey, Readonly<Record<string, unknown>>>> = {};
  for (let round = 0; round < WORKLOAD.rounds; round++) {
    const shift = round % CONTENDERS.length;
    for (const contender of [...CONTENDERS.slice(shift), ...CONTENDERS.slice(0, shift)]) {
      if (contender.key === 'peer' && peerUnavailable) continue;
      const tag = `round ${round + 1}/${WORKLOAD.rounds} ${contender.label}`;
      progress(`${tag}: ${WORKLOAD.commands} commands from ${WORKLOAD.concurrency} callers`);
      const database = await createTestDatabase(serverUrl);
      try {
        const config: Omit<ContenderRunConfig, 'resultPath'> = {
          databaseUrl: database.url,
          commands: WORKLOAD.commands,
          concurrency: WORKLOAD.concurrency,
          warmupCommands: WORKLOAD.warmupCommands,
          deliveryTimeoutMs: WORKLOAD.deliveryTimeoutMs,
          duplicateWatchMs: WORKLOAD.duplicateWatchMs,
        };
        const outcome = await runContenderProcess(
          contender.label,
          contender.command,
          config,
          PROCESS_TIMEOUT_MS,
        );
        if (!outcome.ok) {
          failures.push(outcome.error);
          progress(outcome.error);
          // A peer that cannot start on this stack will not start next round either.
          if (contender.key === 'peer' && rounds.peer.length === 0) peerUnavailable = outcome.error;
          continue;
        }
        const summary = summarizeRound(round + 1, outcome.result);
        rounds[contender.key].push(summary);
        settings[contender.key] = outcome.result.settings;
        progress(
          `${tag}: ${summary.eventsPerSecond.toFixed(0)} events/s (commands ${summary.commandsPerSecond.toFixed(0)}/s), ` +
            `p50 ${summary.p50Ms.toFixed(1)} ms, p99 ${summary.p99Ms.toFixed(1)} ms, lost ${summary.lost}, ` +
            `duplicated ${summary.duplicatedEvents}, outbox rows left ${summary.checks.outboxRowsLeft}` +
            (summary.publishLagMs
              ? `; occurred → published p50 ${summary.publishLagMs.p50.toFixed(1)} ms, p99 ${summary.publishLagMs.p99.toFixed(1)} ms`
              : ''),
        );
      } finally {
        await database.drop();
      }
    }
  }

  const summary = (key: ContenderKey, label: string) =>
    rounds[key].length > 0 ? summarizeContender(label, settings[key] ?? {}, rounds[key]) : undefined;
  const inProcess = summary('inProcess', 'ddd-kit (in-process)');
  const kafka = summary('kafka', 'ddd-kit (Kafka)');
  const peer = summary('peer', PEER_LABEL);
  const { figures, latencies } = peerFigures({ inProcess, kafka }, peer);
  const figuresOmitted = peer
    ? undefined
    : `The peer produced no result, so there is nothing to compare with: ${peerUnavailable ?? 'no round succeeded'}`;
  const results: PeerBenchResults = {
    benchmark: 'peer',
    description:
      'ddd-kit outbox (InProcessTransport; KafkaTransport → consumer) vs @fullstackhouse/nestjs-outbox + MikroORM driver: N commands (aggregate row + event in one transaction) from K callers, each event delivered to one handler',
    finishedAt: new Date().toISOString(),
    quick: QUICK,
    environment,
    workload: WORKLOAD,
    versions: await versions(),
    peerBuild: peerBuild.ok ? (peerBuild.installed ? 'installed and built' : 'built') : 'failed',
    peerAvailable: peer !== undefined,
    ...(peerUnavailable ? { peerUnavailableReason: peerUnavailable } : {}),
    targets: PEER_TARGETS,
    contenders: [inProcess, kafka, peer].filter((contender) => contender !== undefined),
    failures,
    meetsTargets: figures.length === 4 ? figures.every((figure) => figure.target?.met === true) : null,
    ...(figuresOmitted ? { figuresOmitted } : {}),
    figures,
    latencies,
  };
  console.log(renderPeerReport(results, { headline: true }));
  const path = await writeBenchResults('peer', results);
  const report = await writePeerReport(results);
  console.log(`\nResults written to ${relative(process.cwd(), path)} and ${relative(process.cwd(), report)}`);
}

/** The versions that matter on each side, read from the installed packages. */
async function versions(): Promise<PeerBenchResults['versions']> {
  const read = async (root: string, name: string) => {
    try {
      const manifest = JSON.parse(
        await readFile(join(root, 'node_modules', name, 'package.json'), 'utf8'),
      ) as {
        version: string;
      };
      return manifest.version;
    } catch {
      return 'not installed';
    }
  };
  const of = async (root: string, names: readonly string[]) =>
    Object.fromEntries(await Promise.all(names.map(async (name) => [name, await read(root, name)] as const)));
  return {
    dddKit: await of(process.cwd(), [
      '@nestjs/core',
      '@nestjs/cqrs',
      '@mikro-orm/core',
      '@mikro-orm/postgresql',
      'kafkajs',
      'pg',
    ]),
    peer: await of(PEER_DIR, [
      '@fullstackhouse/nestjs-outbox',
      '@fullstackhouse/nestjs-outbox-mikro-orm-driver',
      '@nestjs/core',
      '@mikro-orm/core',
      '@mikro-orm/postgresql',
      'pg',
    ]),
  };
}

function progress(line: string): void {
  process.stderr.write(`${line}\n`);
}

await main();
