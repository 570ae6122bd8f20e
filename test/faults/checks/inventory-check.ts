import type pg from 'pg';
import { allOf, checkOf, type CheckResult } from './check-result.js';
import { rowsOf } from './database-client.js';

/**
 * The inventory's invariants on every stored stock item, and two conservation laws:
 * - units on hand per (tenant, SKU) = received on receipts + adjustments − shipped on orders
 *   (moves only shift units between locations);
 * - units reserved per stock item = what allocated or picked orders hold on it.
 */
export async function checkInventory(client: pg.Client): Promise<CheckResult> {
  const broken = await rowsOf(
    client,
    `select tenant_id, location, sku, on_hand::int, reserved::int from stock_items
      where on_hand < 0 or reserved < 0 or reserved > on_hand`,
  );
  const onHand = await rowsOf(
    client,
    `with received as (
       select tenant_id, l->>'sku' as sku, sum((l->>'received')::bigint) as q
         from receipts, jsonb_array_elements(lines) l group by 1, 2),
     adjusted as (
       select tenant_id, payload->>'sku' as sku, sum((payload->>'quantity')::bigint) as q
         from outbox_messages where event_type = 'wms.inventory.stock-adjusted' group by 1, 2),
     shipped as (
       select tenant_id, a->>'sku' as sku, sum((a->>'quantity')::bigint) as q
         from orders, jsonb_array_elements(allocations) a where status = 'SHIPPED' group by 1, 2),
     stored as (select tenant_id, sku, sum(on_hand) as q from stock_items group by 1, 2),
     keys as (
       select tenant_id, sku from received union select tenant_id, sku from adjusted
       union select tenant_id, sku from shipped union select tenant_id, sku from stored)
     select k.tenant_id, k.sku,
            (coalesce(r.q, 0) + coalesce(a.q, 0) - coalesce(s.q, 0))::int as expected, coalesce(h.q, 0)::int as on_hand
       from keys k
       left join received r using (tenant_id, sku) left join adjusted a using (tenant_id, sku)
       left join shipped s using (tenant_id, sku) left join stored h using (tenant_id, sku)
      where coalesce(r.q, 0) + coalesce(a.q, 0) - coalesce(s.q, 0) <> coalesce(h.q, 0)`,
  );
  const reserved = await rowsOf(
    client,
    `with held as (
       select tenant_id, a->>'location' as location, a->>'sku' as sku, sum((a->>'quantity')::bigint) as q
         from orders, jsonb_array_elements(allocations) a where status in ('ALLOCATED', 'PICKED') group by 1, 2, 3)
     select coalesce(i.tenant_id, h.tenant_id) as tenant_id, coalesce(i.location, h.location) as location,
            coalesce(i.sku, h.sku) as sku, coalesce(i.reserved, 0)::int as reserved, coalesce(h.q, 0)::int as held
       from stock_items i
       full join held h on h.tenant_id = i.tenant_id and h.location = i.location and h.sku = i.sku
      where coalesce(i.reserved, 0) <> coalesce(h.q, 0)`,
  );
  return allOf({
    'onHand ≥ 0, 0 ≤ reserved ≤ onHand': checkOf(broken),
    'on hand = received + adjusted − shipped': checkOf(onHand),
    'reserved = held by allocated/picked orders': checkOf(reserved),
  });
}
