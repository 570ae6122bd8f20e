import { setTimeout as sleep } from 'node:timers/promises';
import { countOf, withDatabase } from '../checks/database-client.js';
import { checkOf } from '../checks/check-result.js';
import type { FaultScenario, ScenarioContext } from '../harness/fault-scenario.js';
import { recordAnswer } from '../harness/load-stats.js';
import { callWms, type WmsAnswer } from '../harness/wms-client.js';

const OUTAGE_MS = 8_000;
const JOB_WAIT_MS = 30_000;
/** Reads during the outage must not wait for Redis. */
const READ_LIMIT_MS = 3_000;

/** Submits a small `sku-import` job (3 new SKUs) and answers with what the API said. */
function submitImport(context: ScenarioContext, label: string, timeoutMs = 10_000): Promise<WmsAnswer> {
  const skus = [1, 2, 3].map((n) => ({ code: `JOB-${label}-${n}`, name: `job ${label}`, uom: 'EA' }));
  return callWms(context.deployment.apiUrl, {
    method: 'POST',
    path: '/api/v1/jobs',
    body: { type: 'sku-import', input: { skus } },
    timeoutMs,
  }).then((answer) => {
    recordAnswer(context.extra, `POST /jobs (${label})`, answer);
    return answer;
  });
}

/** Polls a job until it is completed or failed, or the wait runs out. */
async function finalStatus(context: ScenarioContext, id: string): Promise<string> {
  const deadline = Date.now() + JOB_WAIT_MS;
  let status = 'unknown';
  while (Date.now() < deadline) {
    const answer = await callWms(context.deployment.apiUrl, { method: 'GET', path: `/api/v1/jobs/${id}` });
    status = answer.status === 200 ? String(answer.body.status) : `HTTP ${answer.status} ${answer.code}`;
    if (status === 'completed' || status === 'failed') return status;
    await sleep(250);
  }
  return status;
}

/** Reads the load does, sent on their own every 250 ms while Redis is down. */
async function readWhileDown(context: ScenarioContext, until: () => boolean): Promise<number> {
  let slowest = 0;
  while (!until()) {
    for (const path of ['/api/v1/stock?sku=SKU-1', '/api/v1/skus?size=5']) {
      const answer = await callWms(context.deployment.apiUrl, { method: 'GET', path, timeoutMs: 10_000 });
      recordAnswer(context.extra, `GET ${path} (Redis down)`, answer);
      slowest = Math.max(slowest, answer.ms);
      if (answer.status !== 200)
        context.fail(`read ${path} during the outage: ${answer.status} ${answer.code}`);
    }
    await sleep(250);
  }
  return slowest;
}

const jobIds = new WeakMap<ScenarioContext, string[]>();

/**
 * Redis stopped under load (no persistence, so its data is gone too): the cache is bypassed
 * (reads keep answering, without waiting for Redis) and jobs resume once it is back: a job
 * submitted during the outage, and one after, both complete.
 */
export const redisOutage: FaultScenario = {
  name: 'Redis stopped',
  loadMs: 20_000,
  fault: async (context) => {
    const { suite, note, fail } = context;
    await sleep(4_000);
    const before = await submitImport(context, 'BEFORE');
    await suite.redis.stop('SIGKILL'); // as a crash: its data set is gone
    let down = true;
    const reads = readWhileDown(context, () => !down);
    await sleep(1_000);
    // Sent while Redis is away: it may wait for the reconnection or be refused with a 503.
    const during = submitImport(context, 'DURING', 30_000);
    await sleep(OUTAGE_MS - 1_000);
    await suite.redis.start();
    down = false;
    const slowestRead = await reads;
    note(`reads during outage: slowest ${Math.round(slowestRead)} ms`);
    if (slowestRead > READ_LIMIT_MS) fail(`a read waited ${Math.round(slowestRead)} ms for Redis`);
    const duringAnswer = await during;
    note(`job submitted during outage: ${duringAnswer.status} ${duringAnswer.code ?? ''}`.trim());
    if (duringAnswer.status >= 500 && duringAnswer.status !== 503) {
      fail(`job submission during the outage: ${duringAnswer.status} ${duringAnswer.code}`);
    }
    const after = await submitImport(context, 'AFTER');
    const ids: string[] = [];
    for (const [label, answer] of [
      ['during', duringAnswer],
      ['after', after],
    ] as const) {
      if (answer.status !== 202) {
        if (label === 'after') fail(`job submission after the outage: ${answer.status} ${answer.code}`);
        continue;
      }
      const status = await finalStatus(context, String(answer.body.id));
      note(`job ${label}: ${status}`);
      if (status !== 'completed') fail(`job submitted ${label} the outage ended ${status}`);
      ids.push(label);
    }
    note(`job before: ${before.status === 202 ? 'accepted' : `${before.status}`}`);
    jobIds.set(context, ids);
  },
  checks: async (context) => {
    // Completed imports registered their SKUs (and raised their events, checked with the rest).
    const missing: string[] = [];
    await withDatabase(context.databaseUrl, async (client) => {
      for (const label of jobIds.get(context) ?? []) {
        const codes = [1, 2, 3].map((n) => `JOB-${label.toUpperCase()}-${n}`);
        const found = await countOf(client, `select count(*)::int as n from skus where code = any($1)`, [
          codes,
        ]);
        if (found !== codes.length) missing.push(`job ${label}: ${found} of ${codes.length} SKUs`);
      }
    });
    return { 'imported SKUs': checkOf(missing) };
  },
};
