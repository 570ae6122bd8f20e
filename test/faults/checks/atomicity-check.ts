import type pg from 'pg';
import { allOf, checkOf, type CheckResult } from './check-result.js';
import { rowsOf } from './database-client.js';

// Every aggregate table, as the outbox names its aggregate type.
const AGGREGATES = `
  select 'wms.catalog.sku' as type, id::text as id from skus
  union all select 'wms.catalog.location', id::text from locations
  union all select 'wms.inbound.receipt', id::text from receipts
  union all select 'wms.outbound.order', id::text from orders
  union all select 'wms.inventory.stock-item', id::text from stock_items`;

/**
 * Nothing half-written: each business transaction left all of its rows or none. A change and
 * its events commit together, so
 * - every outbox row belongs to an aggregate that exists, and every aggregate has its events;
 * - a stock item's or an order's revision counts its events exactly (no change without its
 *   event, no event without its change);
 * - documents have their lines; a receipt's received units are those its events report, and
 *   the stock received per SKU is what the receipts say arrived (receipt and stock items change
 *   in one transaction).
 */
export async function checkAtomicity(client: pg.Client): Promise<CheckResult> {
  const orphanEvents = await rowsOf(
    client,
    `select m.id, m.aggregate_type, m.aggregate_id from outbox_messages m
      where not exists (select 1 from (${AGGREGATES}) a where a.type = m.aggregate_type and a.id = m.aggregate_id)`,
  );
  const silentAggregates = await rowsOf(
    client,
    `select a.type, a.id from (${AGGREGATES}) a
      where not exists (select 1 from outbox_messages m where m.aggregate_type = a.type and m.aggregate_id = a.id)`,
  );
  const revisions = await rowsOf(
    client,
    `with counted as (
       select aggregate_id, count(*)::int as events, max((payload->>'revision')::int) as last_revision
         from outbox_messages where aggregate_type in ('wms.inventory.stock-item', 'wms.outbound.order')
        group by aggregate_id),
     revised as (
       select id::text as id, revision::int from stock_items union all select id::text, revision from orders)
     select r.id, r.revision, c.events, c.last_revision
       from revised r left join counted c on c.aggregate_id = r.id
      where c.events is distinct from r.revision or c.last_revision is distinct from r.revision`,
  );
  const emptyDocuments = await rowsOf(
    client,
    `select 'receipt' as kind, id from receipts where jsonb_array_length(lines) = 0
     union all select 'order', id from orders where jsonb_array_length(lines) = 0`,
  );
  const receipts = await rowsOf(
    client,
    `with reported as (
       select aggregate_id, sum((l->>'quantity')::bigint) as q, bool_or(event_type = 'wms.inbound.receipt-closed') as closed
         from outbox_messages left join lateral jsonb_array_elements(
                case when event_type = 'wms.inbound.receipt-received' then payload->'lines' else '[]'::jsonb end) l on true
        where aggregate_type = 'wms.inbound.receipt' group by aggregate_id),
     stored as (
       select r.id::text as id, r.status, (select coalesce(sum((l->>'received')::bigint), 0) from jsonb_array_elements(r.lines) l) as q
         from receipts r)
     select s.id, s.status, s.q as received, p.q as reported, p.closed
       from stored s left join reported p on p.aggregate_id = s.id
      where coalesce(p.q, 0) <> s.q or coalesce(p.closed, false) <> (s.status = 'CLOSED')`,
  );
  const stockReceived = await rowsOf(
    client,
    `with by_receipts as (
       select tenant_id, l->>'sku' as sku, sum((l->>'received')::bigint) as q
         from receipts, jsonb_array_elements(lines) l group by 1, 2),
     by_stock as (
       select tenant_id, payload->>'sku' as sku, sum((payload->>'quantity')::bigint) as q
         from outbox_messages where event_type = 'wms.inventory.stock-received' group by 1, 2)
     select coalesce(r.tenant_id, s.tenant_id) as tenant_id, coalesce(r.sku, s.sku) as sku,
            coalesce(r.q, 0)::int as on_receipts, coalesce(s.q, 0)::int as into_stock
       from by_receipts r full join by_stock s on s.tenant_id = r.tenant_id and s.sku = r.sku
      where coalesce(r.q, 0) <> coalesce(s.q, 0)`,
  );
  return allOf({
    'events without their aggregate': checkOf(orphanEvents),
    'aggregates without their events': checkOf(silentAggregates),
    'revision ≠ events': checkOf(revisions),
    'documents without lines': checkOf(emptyDocuments),
    'receipt ≠ its events': checkOf(receipts),
    'stock received ≠ receipts': checkOf(stockReceived),
  });
}
