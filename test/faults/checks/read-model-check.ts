import type pg from 'pg';
import { allOf, checkOf, type CheckResult } from './check-result.js';
import { rowsOf } from './database-client.js';

/**
 * The projectors' tables against the aggregates they follow: `stock_levels` row for row with
 * `stock_items` (levels and revision), `order_views` with `orders` (status, revision, lines,
 * allocations as SKU, location, quantity).
 */
export async function checkReadModels(client: pg.Client): Promise<CheckResult> {
  const stock = await rowsOf(
    client,
    `select coalesce(i.tenant_id, l.tenant_id) as tenant, coalesce(i.sku, l.sku) as sku,
            coalesce(i.location, l.location) as location,
            i.on_hand::int as item_on_hand, i.reserved::int as item_reserved, i.revision::int as item_revision,
            l.on_hand::int as view_on_hand, l.reserved::int as view_reserved, l.available::int as view_available,
            l.revision::int as view_revision
       from stock_items i
       full join stock_levels l on l.tenant_id = i.tenant_id and l.sku = i.sku and l.location = i.location
      where i.id is null or l.sku is null
         or i.on_hand <> l.on_hand or i.reserved <> l.reserved or i.revision <> l.revision
         or l.available <> l.on_hand - l.reserved`,
  );
  const orders = await rowsOf(
    client,
    `with expected as (
       select o.tenant_id, o.id, o.reference, o.status, o.revision, o.lines,
              coalesce((select jsonb_agg(jsonb_build_object('sku', a->>'sku', 'location', a->>'location',
                                                            'quantity', (a->>'quantity')::int) order by n)
                          from jsonb_array_elements(o.allocations) with ordinality as x(a, n)), '[]'::jsonb)
                as allocations
         from orders o)
     select coalesce(e.id, v.order_id) as order_id, e.status as order_status, v.status as view_status,
            e.revision as order_revision, v.revision as view_revision
       from expected e
       full join order_views v on v.tenant_id = e.tenant_id and v.order_id = e.id
      where e.id is null or v.order_id is null
         or e.status <> v.status or e.revision <> v.revision or e.reference <> v.reference
         or e.lines <> v.lines or e.allocations <> v.allocations`,
  );
  return allOf({ 'stock levels': checkOf(stock), 'order views': checkOf(orders) });
}
