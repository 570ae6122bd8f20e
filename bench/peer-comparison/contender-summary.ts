import { median, percentile } from '../shared/round-stats.js';
import type { ContenderRunResult } from './contender/contender-run.js';

/** One contender's measured round, computed from its raw times. */
export interface ContenderRound {
  readonly round: number;
  /** Distinct events delivered / (first command start → last first delivery). */
  readonly eventsPerSecond: number;
  /** Commands committed / (first command start → last commit): the write path alone. */
  readonly commandsPerSecond: number;
  readonly wallMs: number;
  /** Commit → first delivery, ms; a lost event counts as infinitely late. */
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly committed: number;
  readonly delivered: number;
  /** Committed events never delivered within the timeout. */
  readonly lost: number;
  /** Events delivered more than once, and the extra deliveries they got. */
  readonly duplicatedEvents: number;
  readonly extraDeliveries: number;
  /** Warm-up events delivered again during the measured round. */
  readonly strayDeliveries: number;
  readonly failedCommands: number;
  readonly firstFailure: string | null;
  readonly checks: ContenderRunResult['checks'];
  /** ddd-kit only: the relay's part of the latency (see `ContenderRunResult`). */
  readonly publishLagMs?: ContenderRunResult['publishLagMs'];
}

/** A contender over all rounds. */
export interface ContenderSummary {
  readonly label: string;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly rounds: readonly ContenderRound[];
  /** Medians over rounds, except `maxMs` (the worst event of any round) and the counts (sums). */
  readonly eventsPerSecond: number;
  readonly commandsPerSecond: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly samples: number;
  readonly lost: number;
  readonly duplicatedEvents: number;
  readonly extraDeliveries: number;
  readonly strayDeliveries: number;
  readonly failedCommands: number;
  /** Outbox rows left behind in any round, summed by state. */
  readonly outboxRowsLeftByState: Readonly<Record<string, number>>;
  /** Every committed event of every round delivered, none twice, no row left behind. */
  readonly correct: boolean;
}

/** Statistics of one round, from the times the contender recorded. */
export function summarizeRound(round: number, run: ContenderRunResult): ContenderRound {
  const latencies: number[] = [];
  let lastDelivery = run.startedAt;
  let lastCommit = run.startedAt;
  let delivered = 0;
  let lost = 0;
  let duplicatedEvents = 0;
  let extraDeliveries = 0;
  run.committedAt.forEach((committedAt, index) => {
    const deliveredAt = run.firstDeliveredAt[index] ?? null;
    const count = run.deliveryCounts[index] ?? 0;
    if (count > 1) {
      duplicatedEvents += 1;
      extraDeliveries += count - 1;
    }
    if (deliveredAt !== null) {
      delivered += 1;
      lastDelivery = Math.max(lastDelivery, deliveredAt);
    }
    if (committedAt === null) return;
    lastCommit = Math.max(lastCommit, committedAt);
    if (deliveredAt === null) lost += 1;
    latencies.push(deliveredAt === null ? Infinity : deliveredAt - committedAt);
  });
  const committed = latencies.length;
  const wallMs = lastDelivery - run.startedAt;
  return {
    round,
    eventsPerSecond: (delivered * 1000) / wallMs,
    commandsPerSecond: (committed * 1000) / (lastCommit - run.startedAt),
    wallMs,
    p50Ms: percentile(latencies, 50),
    p90Ms: percentile(latencies, 90),
    p99Ms: percentile(latencies, 99),
    maxMs: percentile(latencies, 100),
    committed,
    delivered,
    lost,
    duplicatedEvents,
    extraDeliveries,
    strayDeliveries: run.strayDeliveries,
    failedCommands: run.failedCommands,
    firstFailure: run.firstFailure,
    checks: run.checks,
    ...(run.publishLagMs ? { publishLagMs: run.publishLagMs } : {}),
  };
}

/** A contender's rounds, combined. */
export function summarizeContender(
  label: string,
  settings: Readonly<Record<string, unknown>>,
  rounds: readonly ContenderRound[],
): ContenderSummary {
  const sum = (pick: (round: ContenderRound) => number) =>
    rounds.reduce((total, round) => total + pick(round), 0);
  const outboxRowsLeftByState: Record<string, number> = {};
  for (const round of rounds)
    for (const [state, count] of Object.entries(round.checks.outboxRowsByState))
      outboxRowsLeftByState[state] = (outboxRowsLeftByState[state] ?? 0) + count;
  const lost = sum((round) => round.lost);
  const duplicatedEvents = sum((round) => round.duplicatedEvents);
  const strayDeliveries = sum((round) => round.strayDeliveries);
  const failedCommands = sum((round) => round.failedCommands);
  return {
    label,
    settings,
    rounds,
    eventsPerSecond: median(rounds.map((round) => round.eventsPerSecond)),
    commandsPerSecond: median(rounds.map((round) => round.commandsPerSecond)),
    p50Ms: median(rounds.map((round) => round.p50Ms)),
    p90Ms: median(rounds.map((round) => round.p90Ms)),
    p99Ms: median(rounds.map((round) => round.p99Ms)),
    maxMs: Math.max(...rounds.map((round) => round.maxMs)),
    samples: sum((round) => round.committed),
    lost,
    duplicatedEvents,
    extraDeliveries: sum((round) => round.extraDeliveries),
    strayDeliveries,
    failedCommands,
    outboxRowsLeftByState,
    correct:
      lost === 0 &&
      duplicatedEvents === 0 &&
      strayDeliveries === 0 &&
      failedCommands === 0 &&
      Object.keys(outboxRowsLeftByState).length === 0,
  };
}
