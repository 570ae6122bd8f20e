import { checkOf } from '../checks/check-result.js';
import { rowsOf, withDatabase } from '../checks/database-client.js';
import type { FaultScenario, ScenarioContext } from '../harness/fault-scenario.js';
import { recordAnswer } from '../harness/load-stats.js';
import { callWms, expectAnswer, type WmsAnswer, type WmsCall } from '../harness/wms-client.js';

const STOCK = 100;
const ORDERS = 60;
const ORDER_QUANTITY = 3;
/** What a loser may be told: the stock ran out, or the optimistic lock lost after its retries. */
const LOSER_CODES = ['INSUFFICIENT_STOCK', 'CONCURRENCY_CONFLICT'];

const SKU = 'SKU-1';
const HOME = 'LOC-1';
const AWAY = 'LOC-2';

function send(context: ScenarioContext, label: string, call: WmsCall): Promise<WmsAnswer> {
  return callWms(context.deployment.apiUrl, { timeoutMs: 30_000, ...call }).then((answer) => {
    recordAnswer(context.extra, label, answer);
    return answer;
  });
}

/** Every answer of a wave is a success or a 409 with a loser's code, never a 5xx. */
function judge(
  context: ScenarioContext,
  wave: string,
  answers: readonly WmsAnswer[],
): Record<string, number> {
  const tally: Record<string, number> = {};
  for (const answer of answers) {
    const key = answer.status === 409 ? `409 ${answer.code}` : String(answer.status);
    tally[key] = (tally[key] ?? 0) + 1;
    const fine = answer.status === 200 || (answer.status === 409 && LOSER_CODES.includes(answer.code ?? ''));
    if (!fine) context.fail(`${wave}: ${answer.status} ${answer.code} ${JSON.stringify(answer.body)}`);
  }
  return tally;
}

/**
 * A flood of conflicting commands on one stock item (100 units of SKU-1 in LOC-1): 60 orders of
 * 3 allocated at once together with moves out and adjustments down, then cancellations, further
 * allocations and moves back, all at once. No invariant may break, every loser gets 409 with a
 * stable code, and the reservations equal what the winners hold.
 */
export const conflictFlood: FaultScenario = {
  name: 'conflict flood on one stock item',
  loadMs: 0,
  fault: async (context) => {
    const receipt = expectAnswer(
      await send(context, 'POST /receipts', {
        method: 'POST',
        path: '/api/v1/receipts',
        body: { reference: 'FLOOD-R', lines: [{ sku: SKU, quantity: STOCK }] },
      }),
      201,
      'flood receipt',
    );
    expectAnswer(
      await send(context, 'POST /receipts/:id/receive', {
        method: 'POST',
        path: `/api/v1/receipts/${receipt.body.id}/receive`,
        body: { lines: [{ sku: SKU, quantity: STOCK, location: HOME }] },
      }),
      200,
      'flood receiving',
    );
    const orders: string[] = [];
    for (let i = 1; i <= ORDERS; i++) {
      const placed = await send(context, 'POST /orders', {
        method: 'POST',
        path: '/api/v1/orders',
        body: { reference: `FLOOD-O-${i}`, lines: [{ sku: SKU, quantity: ORDER_QUANTITY }] },
      });
      orders.push(String(expectAnswer(placed, 201, 'flood order').body.id));
    }
    const order = (id: string, action: string) =>
      send(context, `POST /orders/:id/${action}`, { method: 'POST', path: `/api/v1/orders/${id}/${action}` });
    const move = (from: string, to: string) =>
      send(context, 'POST /stock/moves', {
        method: 'POST',
        path: '/api/v1/stock/moves',
        body: { sku: SKU, from, to, quantity: 2 },
      });
    const adjust = (quantity: number) =>
      send(context, 'POST /stock/adjustments', {
        method: 'POST',
        path: '/api/v1/stock/adjustments',
        body: { sku: SKU, location: HOME, quantity, reason: 'flood' },
      });

    const first = await Promise.all([
      ...orders.map((id) => order(id, 'allocate')),
      ...Array.from({ length: 25 }, () => move(HOME, AWAY)),
      ...Array.from({ length: 25 }, () => adjust(-2)),
      ...Array.from({ length: 10 }, () => adjust(1)),
    ]);
    const won = orders.filter((_, i) => first[i]?.status === 200);
    const lost = orders.filter((_, i) => first[i]?.status !== 200);
    context.note(`wave 1 ${JSON.stringify(judge(context, 'wave 1', first))}`);

    // Half the winners give their stock back while the losers try again and stock moves home.
    const second = await Promise.all([
      ...won.slice(0, Math.ceil(won.length / 2)).map((id) => order(id, 'cancel')),
      ...lost.map((id) => order(id, 'allocate')),
      ...Array.from({ length: 15 }, () => move(AWAY, HOME)),
      ...Array.from({ length: 10 }, () => adjust(-1)),
    ]);
    context.note(`wave 2 ${JSON.stringify(judge(context, 'wave 2', second))}`);
  },
  checks: async (context) => {
    // The generic checks cover conservation; here: the one stock item is consistent with the orders.
    const wrong = await withDatabase(context.databaseUrl, (client) =>
      rowsOf(
        client,
        `select i.location, i.on_hand::int, i.reserved::int,
                (select coalesce(sum((a->>'quantity')::int), 0) from orders o, jsonb_array_elements(o.allocations) a
                  where o.status = 'ALLOCATED' and a->>'location' = i.location and a->>'sku' = i.sku)::int as held
           from stock_items i where i.sku = $1 and i.location = $2`,
        [SKU, HOME],
      ),
    );
    return { 'flooded stock item': checkOf(wrong.filter((row: any) => row.reserved !== row.held)) };
  },
};
