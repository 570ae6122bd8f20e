import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultScenario } from '../harness/fault-scenario.js';

const OUTAGE_MS = 10_000;

/** The Kafka cluster is down for 10 s under load: the relay backs off and catches up, nothing is lost. */
export const kafkaOutage: FaultScenario = {
  name: 'Kafka broker down 10 s',
  loadMs: 18_000,
  skipReason: (broker) =>
    broker.external ? 'KAFKA_BROKERS names a real broker, which cannot be taken down' : undefined,
  fault: async ({ broker, note }) => {
    await sleep(3_000);
    await broker.takeDown();
    await sleep(OUTAGE_MS);
    await broker.bringUp();
    note(`broker down ${OUTAGE_MS / 1000} s`);
  },
};
