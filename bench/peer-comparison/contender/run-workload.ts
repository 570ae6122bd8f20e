import { setTimeout as sleep } from 'node:timers/promises';
import type { ContenderRunConfig, ContenderRunResult } from './contender-run.js';
import { now, type DeliveryLog } from './delivery-log.js';
import { issueCommands } from './issue-commands.js';

/** The measured part of a result; the contender adds its name, settings and checks. */
export type WorkloadOutcome = Omit<ContenderRunResult, 'contender' | 'settings' | 'checks'>;

const WARMUP_ROUND = 0;
/** The round whose events are measured (its events carry it). */
export const MEASURED_ROUND = 1;

/**
 * The benchmark's workload, the same for every contender (the peer compiles this very file in): a warm-up round, every event of it delivered, then the
 * measured round, then a watch for late duplicates.
 */
export async function runWorkload(
  config: ContenderRunConfig,
  place: (round: number, index: number) => Promise<void>,
  deliveries: DeliveryLog,
): Promise<WorkloadOutcome> {
  deliveries.open(WARMUP_ROUND, config.warmupCommands);
  const warmup = await issueCommands(config.warmupCommands, config.concurrency, (index) =>
    place(WARMUP_ROUND, index),
  );
  if (warmup.failed > 0) throw new Error(`${warmup.failed} warm-up commands failed: ${warmup.firstFailure}`);
  if (!(await deliveries.waitFor(config.warmupCommands, now() + config.deliveryTimeoutMs)))
    throw new Error('The warm-up events were not all delivered in time');

  deliveries.open(MEASURED_ROUND, config.commands);
  deliveries.strays = 0;
  const issued = await issueCommands(config.commands, config.concurrency, (index) =>
    place(MEASURED_ROUND, index),
  );
  await deliveries.waitFor(config.commands - issued.failed, now() + config.deliveryTimeoutMs);
  await sleep(config.duplicateWatchMs);
  return {
    commands: config.commands,
    concurrency: config.concurrency,
    startedAt: issued.startedAt,
    committedAt: issued.committedAt,
    firstDeliveredAt: deliveries.firstDeliveredAt,
    deliveryCounts: deliveries.deliveryCounts,
    failedCommands: issued.failed,
    firstFailure: issued.firstFailure,
    strayDeliveries: deliveries.strays,
  };
}
