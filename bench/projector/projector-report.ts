import { markdownTable } from '../shared/markdown-table.js';
import { formatCount, formatMs, formatRate, formatSeconds } from '../shared/report-format.js';
import type { RoundStats } from '../shared/round-stats.js';
import { DDD_KIT_LABEL, RAW_CHECKPOINT_ONLY_LABEL, RAW_LABEL } from './projector-figures.js';
import type { LiveLagPath, ProjectorBenchResults } from './projector-results.js';

/** The Markdown report: printed at the end of the run and written beside the JSON. */
export function renderProjectorReport(results: ProjectorBenchResults): string {
  const { catchUp: c, liveLag: l, environment: env } = results;
  return [
    '# Projector benchmark: catch-up and live lag',
    '',
    `\`npm run bench:projector\` (code in \`bench/projector/\`, figures in \`projector.json\`), finished ` +
      `${results.finishedAt}${results.quick ? ' in QUICK mode (small, not for comparison)' : ''}. Node ${env.node}, ` +
      `PostgreSQL ${env.postgres}, ${env.cpu} × ${env.cpuCount}.`,
    '',
    '## What is measured',
    '',
    `- **Catch-up.** ${formatCount(c.events)} committed outbox rows over ${formatCount(c.aggregates)} accounts ` +
      `(1 opened + ${c.events / c.aggregates - 1} deposits each, seeded interleaving), built through the aggregate ` +
      "and `routeEvent` column for column as `OutboxSink` writes them (the relay bench's preload), inserted in one " +
      "transaction (so `tx_id` is that transaction's and commit order falls back to `seq`). The projection keeps " +
      'one `account_balances` row per account, one `insert … on conflict do update` per event. Each path starts ' +
      `from an empty checkpoint and read model; batch ${c.batchSize}; ${c.rounds} timed rounds after a warm-up of ` +
      `${formatCount(c.warmupEvents)} events, paths in rotating order, medians. After every run the read model is ` +
      'checked against the outbox (balance, deposit count and last event id of every account), and for ddd-kit ' +
      'the status service must say lag 0, parked 0, all events applied.',
    `  - **${DDD_KIT_LABEL}**: \`ProjectorRunner.start()\` until a probe on the applier saw every event ` +
      'committed; library defaults (batch 200, NOTIFY wake-up).',
    `  - **${RAW_LABEL}** (the baseline): one node-postgres transaction per batch: \`begin\`, \`select position … ` +
      'for update` on its checkpoint row (serializes instances, as the advisory lock does), the same commit-order ' +
      'read (`(tx_id, seq) > checkpoint and tx_id < pg_snapshot_xmin(pg_current_snapshot())`, same event types, ' +
      'same order and limit), `insert into projector_applied_events … on conflict do nothing returning` for the ' +
      "batch's ids, the same upsert per first-seen event, the checkpoint update, `commit`. That is the work the " +
      "library promises (exactly-once effect, redeliveries skipped by id), so it is the figure's baseline.",
    `  - **${RAW_CHECKPOINT_ONLY_LABEL}**: the same without the applied ids. For the outbox source the checkpoint ` +
      'alone already gives an exactly-once effect (one row per event id); this shows what the id dedupe costs.',
    `- **Live lag.** Writers commit ${l.load.accountsPerCommit} accounts × ${1 + l.load.depositsPerAccount} events ` +
      `per \`UnitOfWork.run\` at ${formatRate(l.load.eventsPerSecond)} events/s (${l.rateChoice}), open loop ` +
      `(≤ ${l.load.maxInFlight} in flight), for ${formatSeconds(l.load.durationMs)} s, the first ` +
      `${formatSeconds(l.warmupMs)} s unmeasured, from an app instance of their own in a worker thread (the relay ` +
      "bench's writers). Each projector starts with its checkpoint at the newest row of the outbox the catch-up " +
      "left. Lag per event = the time its projection transaction's commit returned in the projector's thread − " +
      "the time the writer's commit returned in the writers' thread, both `performance.timeOrigin + " +
      'performance.now()` (one process clock; a `clock_timestamp()` written in the projection would be taken ' +
      'before its commit, and the row per account keeps only its last event). The raw loop LISTENs on the ' +
      "outbox's NOTIFY channel, polls every second as a fallback, and retries after 10 ms while rows wait behind " +
      `the commit horizon, as the library does. ${l.dddKit.runs.length} run(s) per projector, alternating; the ` +
      `percentiles pool every run's samples. An event not applied ${formatSeconds(l.graceMs)} s after the last ` +
      'commit counts as infinitely late. The commit horizon is server-wide: a transaction of *another* database ' +
      'that holds a transaction id (a migration, a session idle in transaction, a test suite on a shared server) ' +
      'stalls both projectors until it ends, so the bench watches `pg_stat_activity` during each run and repeats ' +
      `(at most twice) a run during which such a transaction was older than ${formatSeconds(l.horizonHeldMs)} s ` +
      `(repeated: ddd-kit ${l.dddKit.discardedRuns}, raw ${l.raw.discardedRuns}).`,
    '',
    '## Catch-up',
    '',
    catchUpTable(results),
    '',
    `Per batch of ${c.batchSize} (mean per batch, median over rounds), ms:`,
    '',
    profileTable(results),
    '',
    '## Live lag',
    '',
    liveTable(results),
    '',
    'Per run (lag growth: median lag of the last quarter of the commits minus that of the first; well above ' +
      'zero, the projector fell behind the writers. Foreign tx: the oldest transaction of another database ' +
      'holding the horizon during the run):',
    '',
    runsTable(results),
    '',
    '## What the library does per batch that the baseline does not',
    '',
    ...analysis(results),
  ].join('\n');
}

function catchUpTable({ catchUp: c }: ProjectorBenchResults): string {
  const row = (name: string, stats: RoundStats) => [
    name,
    formatRate(stats.medianPerSecond),
    formatRate(stats.p90PerSecond),
    `${formatSeconds(stats.medianMs)} / ${formatSeconds(stats.p90Ms)}`,
    (stats.medianPerSecond / c.raw.medianPerSecond).toFixed(2),
  ];
  return markdownTable(
    [
      { header: 'path' },
      { header: 'events/s (median)', align: 'right' },
      { header: 'events/s (p90 round)', align: 'right' },
      { header: 'catch-up s (median / p90)', align: 'right' },
      { header: 'vs baseline', align: 'right' },
    ],
    [
      row(DDD_KIT_LABEL, c.dddKit),
      row(RAW_LABEL, c.raw),
      row(RAW_CHECKPOINT_ONLY_LABEL, c.rawCheckpointOnly),
    ],
  );
}

function profileTable({ catchUp: c }: ProjectorBenchResults): string {
  const k = c.dddKitProfile;
  const r = c.rawProfile;
  const o = c.rawCheckpointOnlyProfile;
  const ms = (value: number | undefined) => (value === undefined ? '–' : value.toFixed(2));
  const rows: [string, number | undefined, number | undefined, number | undefined][] = [
    [
      'checkpoint read before the batch (outside the transaction)',
      k.sourceCheckpointMs,
      undefined,
      undefined,
    ],
    ['read the batch from the outbox', k.readMs, r.readMs, o.readMs],
    [
      'begin + lock (advisory / checkpoint row `for update`) + checkpoint read',
      k.lockMs + k.checkpointMs,
      r.checkpointMs,
      o.checkpointMs,
    ],
    ['applied ids (`on conflict do nothing returning`)', k.dedupeMs, r.dedupeMs, undefined],
    ['parked lanes lookup', k.parkedLanesMs, undefined, undefined],
    [
      'handlers: upsert per event (ddd-kit: + deserialize, passport, flush; + begin/commit)',
      k.handlersAndCommitMs,
      r.upsertMs,
      o.upsertMs,
    ],
    ['checkpoint upsert/update', k.saveCheckpointMs, undefined, undefined],
    ['commit', undefined, r.commitMs, o.commitMs],
    ['wall time per batch', k.wallMs, r.wallMs, o.wallMs],
  ];
  return [
    markdownTable(
      [
        { header: 'phase' },
        { header: 'ddd-kit', align: 'right' },
        { header: 'raw + ids', align: 'right' },
        { header: 'raw, checkpoint only', align: 'right' },
      ],
      rows.map(([name, ...values]) => [name, ...values.map(ms)]),
    ),
    '',
    `The raw loops' checkpoint update is counted in their lock row. ddd-kit sends ${k.statements.toFixed(0)} ` +
      `statements per batch through its store (${c.batchSize} upserts and ${Math.max(0, k.statements - c.batchSize).toFixed(0)} for ` +
      'bookkeeping), plus the batch read, the checkpoint read before it, `begin` and `commit`; the raw loop with ids sends ' +
      `${c.batchSize + 6}.`,
  ].join('\n');
}

function liveTable({ liveLag: l }: ProjectorBenchResults): string {
  const row = (name: string, path: LiveLagPath) => [
    name,
    formatCount(path.pooled.samples),
    formatMs(path.pooled.p50),
    formatMs(path.pooled.p90),
    formatMs(path.pooled.p99),
    formatMs(path.pooled.max),
    formatCount(path.missing),
  ];
  return markdownTable(
    [
      { header: 'projector' },
      { header: 'events', align: 'right' },
      { header: 'p50 ms', align: 'right' },
      { header: 'p90 ms', align: 'right' },
      { header: 'p99 ms', align: 'right' },
      { header: 'max ms', align: 'right' },
      { header: 'missing', align: 'right' },
    ],
    [row(DDD_KIT_LABEL, l.dddKit), row(RAW_LABEL, l.raw)],
  );
}

function runsTable({ liveLag: l }: ProjectorBenchResults): string {
  const rows = (name: string, path: LiveLagPath) =>
    path.runs.map((run, index) => [
      `${name} #${index + 1}`,
      formatRate(run.achievedEventsPerSecond),
      formatCount(run.lateCommits),
      formatMs(run.p50),
      formatMs(run.p99),
      formatMs(run.max),
      formatMs(run.lagGrowthMs),
      formatSeconds(run.foreignTransactionMs),
    ]);
  return markdownTable(
    [
      { header: 'run' },
      { header: 'events/s written', align: 'right' },
      { header: 'late commits', align: 'right' },
      { header: 'p50 ms', align: 'right' },
      { header: 'p99 ms', align: 'right' },
      { header: 'max ms', align: 'right' },
      { header: 'lag growth ms', align: 'right' },
      { header: 'foreign tx s', align: 'right' },
    ],
    [...rows('ddd-kit', l.dddKit), ...rows('raw', l.raw)],
  );
}

function analysis({ catchUp: c, liveLag: l }: ProjectorBenchResults): string[] {
  const k = c.dddKitProfile;
  const r = c.rawProfile;
  const bookkeeping =
    k.sourceCheckpointMs + k.lockMs + k.checkpointMs + k.dedupeMs + k.parkedLanesMs + k.saveCheckpointMs;
  const perEventUs = (ms: number) => ((ms * 1000) / c.batchSize).toFixed(0);
  return [
    `Catch-up: ddd-kit applies ${formatRate(c.dddKit.medianPerSecond)} events/s, ${c.ratio.toFixed(2)}× the raw ` +
      `loop with the same bookkeeping (${formatRate(c.raw.medianPerSecond)}) and ` +
      `${c.ratioVsCheckpointOnly.toFixed(2)}× the raw loop with a checkpoint alone ` +
      `(${formatRate(c.rawCheckpointOnly.medianPerSecond)}). A batch takes ${k.wallMs.toFixed(1)} ms against ` +
      `${r.wallMs.toFixed(1)} ms raw. Per batch the library also:`,
    '',
    '- reads its checkpoint before reading the batch, outside the transaction, and again inside it after the ' +
      `advisory lock (${(k.sourceCheckpointMs + k.checkpointMs + k.lockMs).toFixed(2)} ms together; the raw ` +
      `loop locks and reads its checkpoint row in one statement, ${r.checkpointMs.toFixed(2)} ms with \`begin\` ` +
      'and its update);',
    "- looks up parked lanes for the batch's aggregates (a `jsonb_to_recordset` join), even when nothing is " +
      `parked (${k.parkedLanesMs.toFixed(2)} ms);`,
    `- upserts the checkpoint with its counters (${k.saveCheckpointMs.toFixed(2)} ms);`,
    '- per event: parses the headers and payload into an envelope, resolves the type and deserializes a ' +
      "`DomainEvent` instance, runs the handler under the event's passport (nestjs-cls), sends the upsert " +
      "through MikroORM's `execute` (which inlines the parameters into the SQL text with `formatQuery` and runs " +
      'it through Kysely as a simple query), and calls `em.flush()` after each handler (nothing to flush here, ' +
      `but the unit of work still looks): ${k.handlersAndCommitMs.toFixed(1)} ms per batch with begin and ` +
      `commit (${perEventUs(k.handlersAndCommitMs)} µs per event) against ${r.upsertMs.toFixed(1)} ms of raw ` +
      `upserts (${perEventUs(r.upsertMs)} µs per event) plus ${r.commitMs.toFixed(2)} ms for the commit;`,
    '- after the commit: metrics (a histogram and a counter) and, with a cache, tag invalidation (none here).',
    '',
    `The bookkeeping statements add up to ${bookkeeping.toFixed(1)} ms of the ${k.wallMs.toFixed(1)} ms batch ` +
      `(the applied-ids insert alone: ${k.dedupeMs.toFixed(2)} ms, ${r.dedupeMs.toFixed(2)} ms raw); the rest ` +
      'is the per-event path, one round trip per event on both sides plus the work listed above.',
    '',
    `Live, at ${formatRate(l.load.eventsPerSecond)} events/s: p50 ${formatMs(l.dddKit.pooled.p50)} ms and p99 ` +
      `${formatMs(l.dddKit.pooled.p99)} ms for ddd-kit, p50 ${formatMs(l.raw.pooled.p50)} ms and p99 ` +
      `${formatMs(l.raw.pooled.p99)} ms raw. Both wake on the same NOTIFY and wait alike for the commit horizon ` +
      '(a writer transaction still open holds back rows committed after it); live batches are small, so the ' +
      "library's fixed per-batch round trips (checkpoint read, lock, checkpoint again, parked lanes, horizon " +
      'check) weigh more than in the catch-up. ' +
      fellBehind(l),
  ];
}

function fellBehind(l: ProjectorBenchResults['liveLag']): string {
  const growth = (path: LiveLagPath) => Math.max(...path.runs.map((run) => run.lagGrowthMs));
  const behind = [
    ...(growth(l.dddKit) > 100 ? ['ddd-kit'] : []),
    ...(growth(l.raw) > 100 ? ['the raw loop'] : []),
  ];
  return behind.length === 0
    ? 'Neither fell behind the writers (lag growth under 100 ms in every run).'
    : `${behind.join(' and ')} fell behind the writers in at least one run (lag growing by more than 100 ms ` +
        'over the run): at this rate, with the writers sharing the cores, that projector is at its capacity and ' +
        'the lag figures measure a queue, not a wake-up.';
}
