import { join } from 'node:path';
import { runFaultScenario, type FaultScenario } from './harness/fault-scenario.js';
import { startFaultSuite, type FaultSuite } from './harness/fault-suite.js';
import { renderSummary, writeSummary, type ScenarioRow } from './harness/scenario-row.js';
import { conflictFlood } from './scenarios/conflict-flood.scenario.js';
import { fuzz } from './scenarios/fuzz.scenario.js';
import { kafkaOutage } from './scenarios/kafka-outage.scenario.js';
import { postgresRestart } from './scenarios/postgres-restart.scenario.js';
import { projectorKill } from './scenarios/projector-kill.scenario.js';
import { redisOutage } from './scenarios/redis-outage.scenario.js';
import { relayKill } from './scenarios/relay-kill.scenario.js';

/** In the order. `FAULTS_ONLY=<part of a name>` runs a subset while developing. */
const SCENARIOS: readonly FaultScenario[] = [
  kafkaOutage,
  relayKill,
  projectorKill,
  postgresRestart,
  redisOutage,
  conflictFlood,
  fuzz,
];

const RESULTS = join(import.meta.dirname, 'results');

/**
 * The fault suite: every scenario deploys the WMS (API, relay and projector processes from
 * `dist/`) on a fresh database of the suite's own PostgreSQL, Redis and Kafka, runs a write load
 * from several clients, stages its fault, waits for the system to recover by itself and then
 * checks delivery (nothing lost, per-aggregate order), read models and inventory invariants.
 */
describe('fault suite', () => {
  const rows: ScenarioRow[] = [];
  let suite: FaultSuite | undefined;

  beforeAll(async () => {
    suite = await startFaultSuite();
  }, 120_000);

  afterAll(async () => {
    await suite?.stop();
    await writeSummary(RESULTS, rows);
    process.stdout.write(
      `\nFault suite summary (${join('test/faults/results', 'latest.md')}):\n\n${renderSummary(rows)}\n\n`,
    );
  }, 60_000);

  const only = process.env['FAULTS_ONLY']?.toLowerCase();
  for (const scenario of SCENARIOS.filter((s) => !only || s.name.toLowerCase().includes(only))) {
    it(
      scenario.name,
      async () => {
        const row = await runFaultScenario(suite!, scenario);
        rows.push(row);
        expect(row.failures).toEqual([]);
      },
      240_000,
    );
  }
});
