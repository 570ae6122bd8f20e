import { startKafkaTestBroker, type KafkaTestBroker } from '@ddd-kit/testing';
import { checkAtomicity } from '../checks/atomicity-check.js';
import { allOf, type CheckResult } from '../checks/check-result.js';
import { withDatabase } from '../checks/database-client.js';
import { checkDelivery } from '../checks/delivery-check.js';
import { checkInventory } from '../checks/inventory-check.js';
import { checkReadModels } from '../checks/read-model-check.js';
import { startEventConsumer, WMS_TOPICS, type EventConsumer } from './event-consumer.js';
import type { FaultSuite } from './fault-suite.js';
import {
  emptyLoadStats,
  failuresOf,
  mergeLoadStats,
  unexpectedClientErrorsOf,
  type LoadStats,
} from './load-stats.js';
import { waitForRecovery } from './recovery.js';
import type { ScenarioRow } from './scenario-row.js';
import { seedWarehouseCatalog, type WarehouseCatalog } from './warehouse-catalog.js';
import { startWmsDeployment, type WmsDeployment } from './wms-deployment.js';
import { startWriteLoad, type WriteLoad } from './write-load.js';

/** What a scenario's fault step can reach and report into. */
export interface ScenarioContext {
  readonly suite: FaultSuite;
  readonly broker: KafkaTestBroker;
  readonly deployment: WmsDeployment;
  readonly consumer: EventConsumer;
  readonly catalog: WarehouseCatalog;
  readonly databaseUrl: string;
  /** The background write load, when the scenario has one. */
  readonly load: WriteLoad | undefined;
  /** Answers of requests the fault step sent itself (they count in the row). */
  readonly extra: LoadStats;
  /** Short facts for the summary's note. */
  note(text: string): void;
  /** A broken expectation: fails the scenario. */
  fail(text: string): void;
}

export interface FaultScenario {
  readonly name: string;
  /** Background write load: how long, with how many clients (0 ms: none). */
  readonly loadMs: number;
  /** @default 8 */
  readonly clients?: number;
  /** A reason to skip with this broker, e.g. no outage on a real Kafka. */
  skipReason?(broker: KafkaTestBroker): string | undefined;
  /** Load outcomes ≥ 500 (or none) the fault explains, e.g. `503 DATABASE_UNAVAILABLE`. @default none */
  readonly allowedFailures?: readonly string[];
  /** Stages the fault while the load runs; resolves when the fault is over. */
  fault(context: ScenarioContext): Promise<void>;
  /** Checks of its own after recovery, counted with the invariants. */
  checks?(context: ScenarioContext): Promise<Readonly<Record<string, CheckResult>>>;
}

/** Deploys the WMS on a fresh database, runs load and fault, waits for recovery and checks everything. */
export async function runFaultScenario(suite: FaultSuite, scenario: FaultScenario): Promise<ScenarioRow> {
  const notes: string[] = [];
  const failures: string[] = [];
  const broker = await startKafkaTestBroker({
    topics: Object.fromEntries(WMS_TOPICS.map((topic) => [topic, 3])),
  });
  let deployment: WmsDeployment | undefined;
  let consumer: EventConsumer | undefined;
  try {
    const skip = scenario.skipReason?.(broker);
    if (skip) return skippedRow(scenario.name, skip);
    const databaseUrl = suite.postgres.url(suite.databaseFor(scenario.name));
    deployment = await startWmsDeployment({
      entry: suite.dist.wmsMain,
      databaseUrl,
      redisUrl: suite.redis.url,
      redisPrefix: suite.redisPrefixFor(scenario.name),
      broker,
    });
    consumer = await startEventConsumer(broker.brokers);
    const catalog = await seedWarehouseCatalog(deployment.apiUrl);
    const load =
      scenario.loadMs > 0
        ? startWriteLoad({
            baseUrl: deployment.apiUrl,
            catalog,
            durationMs: scenario.loadMs,
            clients: scenario.clients,
          })
        : undefined;
    const context: ScenarioContext = {
      suite,
      broker,
      deployment,
      consumer,
      catalog,
      databaseUrl,
      load,
      extra: emptyLoadStats(),
      note: (text) => notes.push(text),
      fail: (text) => failures.push(text),
    };
    try {
      await scenario.fault(context);
    } finally {
      // A fault step that threw still lets the load finish, so the servers are quiet for the checks.
      await load?.done;
    }
    const stats = emptyLoadStats();
    if (load) mergeLoadStats(stats, await load.done);
    mergeLoadStats(stats, context.extra);
    judgeLoad(stats, scenario.allowedFailures ?? [], failures);

    const recovery = await waitForRecovery({
      databaseUrl,
      consumer,
      projectorsUrl: deployment.projectorsUrl,
    });
    if (!recovery.recovered) failures.push(`no recovery within ${recovery.ms} ms: ${recovery.state}`);
    const slowest = Object.entries(recovery.lastSeen).sort(([, a], [, b]) => b - a)[0];
    if (slowest) notes.push(`slowest to recover: ${slowest[0]} (${(slowest[1] / 1000).toFixed(1)} s)`);
    const own = (await scenario.checks?.(context)) ?? {};
    const row = await withDatabase(databaseUrl, async (client) => {
      const delivery = await checkDelivery(client, consumer!.consumed);
      const readModels = await checkReadModels(client);
      const invariants = allOf({
        ...{ inventory: await checkInventory(client), 'half-written': await checkAtomicity(client) },
        ...own,
      });
      if (delivery.lost > 0) failures.push(`lost ${delivery.lost} of ${delivery.committed} committed events`);
      if (delivery.unpublished > 0) failures.push(`${delivery.unpublished} outbox rows unpublished`);
      if (!delivery.order.ok)
        failures.push(`per-aggregate order broken: ${delivery.order.examples.join('; ')}`);
      if (!readModels.ok) failures.push(`read models differ: ${readModels.examples.join('; ')}`);
      if (!invariants.ok) failures.push(`invariants broken: ${invariants.examples.join('; ')}`);
      return {
        scenario: scenario.name,
        status: failures.length ? ('failed' as const) : ('passed' as const),
        requests: stats.requests,
        committed: delivery.committed,
        delivered: delivery.delivered,
        lost: delivery.lost,
        duplicates: delivery.duplicates,
        orderOk: delivery.order.ok,
        readModelsOk: readModels.ok,
        invariantsOk: invariants.ok,
        recoveryMs: recovery.ms,
        note: notes.join('; '),
        outcomes: stats.outcomes,
        failures: [...failures],
      };
    });
    // The processes' logs say why it failed; they go to a file next to the summary.
    return failures.length ? { ...row, processOutput: deployment.output() } : row;
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    return {
      ...failedRow(scenario.name, [...failures, `scenario crashed: ${message}`], notes),
      processOutput: deployment?.output() ?? '',
    };
  } finally {
    await consumer?.stop().catch(() => undefined);
    await deployment?.close();
    await broker.stop();
  }
}

/** Fails the scenario for load answers it does not explain: any 5xx or hang, and 4xx other than 404/409. */
function judgeLoad(stats: LoadStats, allowed: readonly string[], failures: string[]): void {
  const unexplained = Object.entries(failuresOf(stats)).filter(([key]) => !allowed.includes(key));
  if (unexplained.length > 0) {
    failures.push(
      `unexpected failures ${JSON.stringify(Object.fromEntries(unexplained))}, e.g. ${JSON.stringify(stats.serverErrors.slice(0, 3))}`,
    );
  }
  const clientErrors = unexpectedClientErrorsOf(stats);
  if (Object.keys(clientErrors).length > 0) {
    failures.push(
      `unexpected 4xx ${JSON.stringify(clientErrors)}, e.g. ${JSON.stringify(stats.clientErrors.slice(0, 3))}`,
    );
  }
}

function skippedRow(scenario: string, reason: string): ScenarioRow {
  return { ...emptyRow(scenario), status: 'skipped', note: `skipped: ${reason}` };
}

function failedRow(scenario: string, failures: string[], notes: readonly string[]): ScenarioRow {
  return { ...emptyRow(scenario), status: 'failed', note: notes.join('; '), failures };
}

function emptyRow(scenario: string): ScenarioRow {
  return {
    scenario,
    status: 'failed',
    requests: 0,
    committed: 0,
    delivered: 0,
    lost: 0,
    duplicates: 0,
    orderOk: null,
    readModelsOk: null,
    invariantsOk: null,
    recoveryMs: 0,
    note: '',
    outcomes: {},
    failures: [],
  };
}
