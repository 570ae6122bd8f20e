import { checkOf } from '../checks/check-result.js';
import { rowsOf, withDatabase } from '../checks/database-client.js';
import type { FaultScenario, ScenarioContext } from '../harness/fault-scenario.js';
import { seedWarehouseCatalog } from '../harness/warehouse-catalog.js';
import { callWms, expectAnswer } from '../harness/wms-client.js';
import { runFuzz } from '../fuzz/run-fuzz.js';

const FUZZ_REQUESTS = 2_400;
const FUZZ_TENANT = 'globex';

/**
 * Everything the fuzzed tenant has written, as a fingerprint per table: row count and a hash of
 * every row (versions and timestamps included, so an update shows too).
 */
const FINGERPRINT = ['skus', 'locations', 'receipts', 'orders', 'stock_items']
  .map(
    (table) =>
      `select '${table}' as rows, count(*)::int as n, md5(coalesce(string_agg(t::text, ',' order by t.id), '')) as hash
         from ${table} t where tenant_id = $1`,
  )
  .concat(
    `select 'outbox_messages', count(*)::int, md5(coalesce(string_agg(t.id::text, ',' order by t.seq), ''))
       from outbox_messages t where tenant_id = $1`,
  )
  .join(' union all ');

/** Rows of no known tenant: a fuzzed header that got through. */
const STRAY_TENANTS = ['skus', 'locations', 'receipts', 'orders', 'stock_items', 'outbox_messages']
  .map(
    (table) =>
      `select '${table}' as rows, tenant_id from ${table} where tenant_id is null or tenant_id not in ('acme', 'globex')`,
  )
  .join(' union all ');

const before = new WeakMap<ScenarioContext, string>();

async function fingerprint(context: ScenarioContext): Promise<string> {
  return withDatabase(context.databaseUrl, async (client) =>
    JSON.stringify(await rowsOf(client, FINGERPRINT, [FUZZ_TENANT])),
  );
}

/**
 * Fuzzed bad input: the normal load runs for `acme` while at least 2,000 malformed requests
 * across all endpoints go to `globex` (and to missing or invalid tenants). Zero 5xx, and no
 * writes: globex, seeded beforehand so that the fuzz can name SKUs and locations that exist, is
 * exactly as it was, and no row of another tenant appeared.
 */
export const fuzz: FaultScenario = {
  name: 'fuzzed bad input',
  loadMs: 15_000,
  fault: async (context) => {
    const url = context.deployment.apiUrl;
    const catalog = await seedWarehouseCatalog(url, { tenant: FUZZ_TENANT, skus: 3, locations: 2 });
    const receipt = await callWms(url, {
      method: 'POST',
      path: '/api/v1/receipts',
      tenant: FUZZ_TENANT,
      body: { reference: 'FUZZ-R', lines: [{ sku: catalog.skus[0], quantity: 10 }] },
    });
    expectAnswer(receipt, 201, 'globex receipt');
    const received = await callWms(url, {
      method: 'POST',
      path: `/api/v1/receipts/${receipt.body.id}/receive`,
      tenant: FUZZ_TENANT,
      body: { lines: [{ sku: catalog.skus[0], quantity: 10, location: catalog.locations[0] }] },
    });
    expectAnswer(received, 200, 'globex receiving');
    before.set(context, await fingerprint(context));

    const outcome = await runFuzz(
      { baseUrl: url, tenant: FUZZ_TENANT },
      { requests: FUZZ_REQUESTS, seed: 7, concurrency: 4 },
    );
    context.extra.requests += outcome.requests;
    for (const [status, count] of Object.entries(outcome.byStatus)) {
      const key = `fuzz ${status}`;
      context.extra.outcomes[key] = (context.extra.outcomes[key] ?? 0) + count;
    }
    const serverErrors = Object.entries(outcome.byStatus).filter(([status]) => Number(status) >= 500);
    context.note(
      `${outcome.requests} fuzzed requests, ${serverErrors.length ? `5xx ${JSON.stringify(Object.fromEntries(serverErrors))}` : 'no 5xx'}`,
    );
    if (outcome.requests < 2_000) context.fail(`only ${outcome.requests} fuzzed requests`);
    if (serverErrors.length > 0) {
      context.fail(
        `fuzz got ${JSON.stringify(Object.fromEntries(serverErrors))}, e.g. ${JSON.stringify(outcome.serverErrors.slice(0, 3))}`,
      );
    }
  },
  checks: async (context) => {
    const after = await fingerprint(context);
    const stray = await withDatabase(context.databaseUrl, (client) => rowsOf(client, STRAY_TENANTS));
    return {
      'fuzzed tenant written': checkOf(
        after === before.get(context) ? [] : [`before ${before.get(context)} / after ${after}`],
      ),
      'rows of unknown tenants': checkOf(stray),
    };
  },
};
