import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchEnvironment } from '../shared/bench-environment.js';
import type { BenchFigures } from '../shared/bench-figures.js';
import { markdownTable } from '../shared/markdown-table.js';
import { formatCount, formatMs, formatRate, mark } from '../shared/report-format.js';
import type { ContenderSummary } from './contender-summary.js';
import { PEER_INTERNALS } from './peer-internals.js';

/** Everything `bench/results/peer.json` holds, the common figures included. */
export interface PeerBenchResults extends BenchFigures {
  readonly benchmark: 'peer';
  readonly description: string;
  readonly finishedAt: string;
  readonly quick: boolean;
  readonly environment: BenchEnvironment;
  readonly workload: {
    readonly commands: number;
    readonly concurrency: number;
    readonly warmupCommands: number;
    readonly rounds: number;
    readonly deliveryTimeoutMs: number;
    readonly duplicateWatchMs: number;
  };
  readonly versions: {
    readonly dddKit: Readonly<Record<string, string>>;
    readonly peer: Readonly<Record<string, string>>;
  };
  readonly peerBuild: 'built' | 'installed and built' | 'failed';
  readonly peerAvailable: boolean;
  /** Exactly why the peer did not run (error output, versions), when it did not. */
  readonly peerUnavailableReason?: string;
  readonly targets: { readonly minThroughputRatio: number; readonly minP99Ratio: number };
  readonly contenders: readonly ContenderSummary[];
  /** Contender processes that failed, with their error output. */
  readonly failures: readonly string[];
  /** All four targets met; null when some figure is missing. */
  readonly meetsTargets: boolean | null;
  /** Why `figures` is empty. */
  readonly figuresOmitted?: string;
}

/**
 * The results tables; with `headline`, only what the terminal needs at the end of a run; with
 * `untitled`, without the title line (peer.md has its own).
 */
export function renderPeerReport(
  results: PeerBenchResults,
  options: { headline?: boolean; untitled?: boolean } = {},
): string {
  const { workload } = results;
  const lines = [
    ...(options.untitled ? [] : ['## Peer comparison: ddd-kit outbox vs @fullstackhouse/nestjs-outbox', '']),
    `${formatCount(workload.commands)} commands from ${workload.concurrency} concurrent callers per round ` +
      `(after ${formatCount(workload.warmupCommands)} warm-up commands), ${workload.rounds} round(s), ` +
      'contenders in rotating order, each in its own process on a fresh database; medians over rounds, ' +
      'except max (the slowest event of any round) and the counts (sums).',
    '',
    resultsTable(results.contenders),
    '',
    targetsSection(results),
  ];
  if (!options.headline) lines.push('', correctnessSection(results), '', roundsTable(results.contenders));
  return lines.join('\n');
}

/** Writes `bench/results/peer.md`: setup, settings, results and how the peer works. */
export async function writePeerReport(results: PeerBenchResults): Promise<string> {
  const directory = join(process.cwd(), 'bench', 'results');
  const path = join(directory, 'peer.md');
  await mkdir(directory, { recursive: true });
  await writeFile(`${path}.tmp`, `${peerMarkdown(results)}\n`);
  await rename(`${path}.tmp`, path);
  return path;
}

function peerMarkdown(results: PeerBenchResults): string {
  const env = results.environment;
  return [
    '# Peer comparison: ddd-kit outbox vs @fullstackhouse/nestjs-outbox',
    '',
    '`npm run bench:peer` (orchestrator and ddd-kit side in `bench/peer-comparison/`, the isolated peer app ' +
      'in `bench/peer/`, figures in `peer.json`). This file is written by the run ' +
      `of ${results.finishedAt.slice(0, 16).replace('T', ' ')} UTC${results.quick ? ' (quick mode: one short round, not for comparison)' : ''}: ` +
      `Node ${env.node}, PostgreSQL ${env.postgres}, ${env.cpu} × ${env.cpuCount}.`,
    '',
    '## Workload',
    '',
    'The same for all three contenders. Each command writes one new aggregate row (uuid id, two business ' +
      'columns, an optimistic-lock version) and records one event, in one transaction; the event is ' +
      'delivered to one handler, which notes the time. Commands are issued in-process (no HTTP) by ' +
      `${results.workload.concurrency} callers, each starting its next command as soon as the previous ` +
      'one returned. Commit time is taken right after the command returns, delivery time in the handler, ' +
      'both on the same clock of the same process.',
    '',
    '- **events/s** = distinct events delivered / (first command start → last first delivery).',
    '- **commands/s** = commands committed / (first command start → last commit): the write path alone.',
    '- **latency** = first delivery − commit, per event; an event never delivered counts as infinitely late.',
    `- **correctness**: every event must be delivered (${formatCount(results.workload.deliveryTimeoutMs)} ms ` +
      `timeout after the last commit) and once only: the handler keeps listening ${formatCount(results.workload.duplicateWatchMs)} ms ` +
      'after the last delivery to catch late duplicates, and the outbox table is checked for rows left behind.',
    '',
    '## Contenders',
    '',
    '- **ddd-kit (in-process)**: `@Transactional()` service method → `AggregateRepository.add` → the flush ' +
      'inserts the row and `OutboxSink` the outbox row → `OutboxRelay` (woken by NOTIFY) → ' +
      '`InProcessTransport` → the `@EventsHandler`.',
    "- **ddd-kit (Kafka)**: the same command → `OutboxRelay` → `KafkaTransport` (acks = all) → librdkafka's " +
      'mock cluster (`startKafkaTestBroker()`) → a kafkajs consumer in a worker thread of its own (a ' +
      "consuming service is another process: on the callers' and relay's thread its fetches and handler " +
      'would wait behind them) → `envelopeOfMessage` + `EventTypeRegistry` → the handler, which notes ' +
      'the time on the same clock (`timeOrigin + now()` is shared by the threads of a process).',
    '- **@fullstackhouse/nestjs-outbox**: Nest 11 + MikroORM 6 in `bench/peer` (its own package.json and ' +
      'lockfile: it supports neither Nest 12 nor MikroORM 7). `TransactionalEventEmitter.emit(event, ' +
      '[{ entity, operation: persist }])` as its README shows → `RetryableOutboxEventPoller` (woken by the ' +
      "driver's LISTEN/NOTIFY) → the `@OnEvent` listener.",
    '',
    '### Versions',
    '',
    versionsTable(results.versions),
    '',
    '### Settings',
    '',
    "As each contender reported them. The peer's come from `bench/peer/src/peer-settings.ts` (which says " +
      'why each value) and can be overridden with `PEER_BENCH_SETTINGS` (JSON) for tuning experiments.',
    '',
    settingsTables(results.contenders),
    '',
    '## Results',
    '',
    renderPeerReport(results, { untitled: true }),
    '',
    ...(results.peerUnavailableReason
      ? ['## Why the peer did not run', '', '```text', results.peerUnavailableReason, '```', '']
      : []),
    ...(results.failures.length > 0
      ? [
          '## Failed contender runs',
          '',
          ...results.failures.map((failure) => `\`\`\`text\n${failure}\n\`\`\``),
          '',
        ]
      : []),
    PEER_INTERNALS,
  ].join('\n');
}

function resultsTable(contenders: readonly ContenderSummary[]): string {
  return markdownTable(
    [
      { header: 'contender' },
      { header: 'events/s', align: 'right' },
      { header: 'commands/s', align: 'right' },
      { header: 'p50 ms', align: 'right' },
      { header: 'p90 ms', align: 'right' },
      { header: 'p99 ms', align: 'right' },
      { header: 'max ms', align: 'right' },
      { header: 'lost', align: 'right' },
      { header: 'duplicated', align: 'right' },
      { header: 'outbox rows left', align: 'right' },
    ],
    contenders.map((contender) => [
      contender.label,
      formatRate(contender.eventsPerSecond),
      formatRate(contender.commandsPerSecond),
      formatMs(contender.p50Ms),
      formatMs(contender.p90Ms),
      formatMs(contender.p99Ms),
      formatMs(contender.maxMs),
      formatCount(contender.lost),
      formatCount(contender.duplicatedEvents + contender.strayDeliveries),
      formatCount(Object.values(contender.outboxRowsLeftByState).reduce((sum, count) => sum + count, 0)),
    ]),
  );
}

function targetsSection(results: PeerBenchResults): string {
  if (results.figures.length === 0) return `**Targets not evaluated.** ${results.figuresOmitted ?? ''}`;
  const table = markdownTable(
    [
      { header: 'figure' },
      { header: 'ddd-kit', align: 'right' },
      { header: 'peer', align: 'right' },
      { header: 'ratio', align: 'right' },
      { header: 'target' },
    ],
    results.figures.map((figure) => {
      const format = figure.unit === 'ms' ? formatMs : formatRate;
      return [
        figure.label,
        `${format(figure.value)} ${figure.unit}`,
        `${format(figure.baselineValue)} ${figure.unit}`,
        figure.ratio.toFixed(2),
        figure.target ? `${figure.target.text}${mark(figure.target.met)}` : '—',
      ];
    }),
  );
  return [
    table,
    '',
    'Ratios are oriented so that above 1 means ddd-kit is better (peer p99 / ddd-kit p99 for latency).',
  ].join('\n');
}

function correctnessSection(results: PeerBenchResults): string {
  return [
    '### Correctness',
    '',
    ...results.contenders.map((contender) => {
      const left = Object.entries(contender.outboxRowsLeftByState)
        .map(([state, count]) => `${formatCount(count)} ${state}`)
        .join(', ');
      return (
        `- **${contender.label}**: ${contender.correct ? 'every event delivered exactly once, no outbox row left behind.' : 'NOT CLEAN:'}` +
        (contender.correct
          ? ''
          : ` ${formatCount(contender.lost)} lost, ${formatCount(contender.duplicatedEvents)} events delivered more than once ` +
            `(${formatCount(contender.extraDeliveries)} extra deliveries), ${formatCount(contender.strayDeliveries)} warm-up events ` +
            `delivered again, ${formatCount(contender.failedCommands)} failed commands` +
            `${left ? `; outbox rows left at the end: ${left}` : ''}.`)
      );
    }),
  ].join('\n');
}

function roundsTable(contenders: readonly ContenderSummary[]): string {
  const rows = contenders.flatMap((contender) =>
    contender.rounds.map((round) => [
      `${round.round}`,
      contender.label,
      formatRate(round.eventsPerSecond),
      formatRate(round.commandsPerSecond),
      formatMs(round.p50Ms),
      formatMs(round.p99Ms),
      formatMs(round.maxMs),
      `${round.lost} / ${round.duplicatedEvents + round.strayDeliveries} / ${round.checks.outboxRowsLeft}`,
    ]),
  );
  return [
    '### Rounds',
    '',
    markdownTable(
      [
        { header: 'round' },
        { header: 'contender' },
        { header: 'events/s', align: 'right' },
        { header: 'commands/s', align: 'right' },
        { header: 'p50 ms', align: 'right' },
        { header: 'p99 ms', align: 'right' },
        { header: 'max ms', align: 'right' },
        { header: 'lost / dup / rows left', align: 'right' },
      ],
      rows.sort((a, b) => Number(a[0]) - Number(b[0])),
    ),
  ].join('\n');
}

function versionsTable(versions: PeerBenchResults['versions']): string {
  const names = [...new Set([...Object.keys(versions.dddKit), ...Object.keys(versions.peer)])];
  return markdownTable(
    [{ header: 'package' }, { header: 'ddd-kit side' }, { header: 'peer side (bench/peer)' }],
    names.map((name) => [`\`${name}\``, versions.dddKit[name] ?? '—', versions.peer[name] ?? '—']),
  );
}

function settingsTables(contenders: readonly ContenderSummary[]): string {
  return contenders
    .map((contender) =>
      [
        `**${contender.label}**`,
        '',
        markdownTable(
          [{ header: 'setting' }, { header: 'value' }],
          flatten(contender.settings).map(([key, value]) => [`\`${key}\``, value]),
        ),
      ].join('\n'),
    )
    .join('\n\n');
}

function flatten(settings: Readonly<Record<string, unknown>>, prefix = ''): [string, string][] {
  return Object.entries(settings).flatMap(([key, value]): [string, string][] =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? flatten(value as Record<string, unknown>, `${prefix}${key}.`)
      : [[`${prefix}${key}`, typeof value === 'string' ? value : JSON.stringify(value)]],
  );
}
