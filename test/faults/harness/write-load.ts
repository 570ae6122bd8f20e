import { emptyLoadStats, mergeLoadStats, recordAnswer, type LoadStats } from './load-stats.js';
import { SeededRandom } from '@ddd-kit/testing';
import type { WarehouseCatalog } from './warehouse-catalog.js';
import { callWms, type WmsAnswer, type WmsCall } from './wms-client.js';

export interface WriteLoadOptions {
  readonly baseUrl: string;
  readonly catalog: WarehouseCatalog;
  /** Concurrent clients, each looping over warehouse work. @default 8 */
  readonly clients?: number;
  readonly durationMs: number;
  /** Replays a run. @default 1 */
  readonly seed?: number;
  /** Prefix of the documents' references, unique per load on one database. @default 'L' */
  readonly prefix?: string;
}

/** A running load: `done` resolves when every client has finished its last request. */
export interface WriteLoad {
  readonly done: Promise<LoadStats>;
  /** Ends the load early (clients finish the request they are in). */
  stop(): void;
}

/**
 * N clients doing what a warehouse does, for a while: receipts created and received into
 * locations, stock moved and adjusted, orders placed and allocated, then picked and shipped or
 * cancelled, reads in between, now and then a new SKU. Every answer is recorded; 404/409 are a
 * busy warehouse's normal refusals (stock ran out, an order was taken by another step).
 */
export function startWriteLoad(options: WriteLoadOptions): WriteLoad {
  const deadline = Date.now() + options.durationMs;
  let stopped = false;
  const running = () => !stopped && Date.now() < deadline;
  const clients = Array.from({ length: options.clients ?? 8 }, (_, index) =>
    new LoadClient(options, index, running).run(),
  );
  const done = Promise.all(clients).then((all) => {
    const total = emptyLoadStats();
    for (const stats of all) mergeLoadStats(total, stats);
    return total;
  });
  return {
    done,
    stop: () => {
      stopped = true;
    },
  };
}

class LoadClient {
  private readonly random: SeededRandom;
  private readonly stats = emptyLoadStats();
  private readonly orders: string[] = [];
  private documents = 0;

  constructor(
    private readonly options: WriteLoadOptions,
    private readonly index: number,
    private readonly running: () => boolean,
  ) {
    this.random = new SeededRandom((options.seed ?? 1) * 1_000 + index);
  }

  async run(): Promise<LoadStats> {
    while (this.running()) {
      const roll = this.random.next();
      if (roll < 0.2) await this.receive();
      else if (roll < 0.42) await this.fulfilOrder();
      else if (roll < 0.6) await this.move();
      else if (roll < 0.68) await this.adjust();
      else if (roll < 0.97) await this.read();
      else await this.registerSku();
    }
    return this.stats;
  }

  private get skus(): readonly string[] {
    return this.options.catalog.skus;
  }

  private get locations(): readonly string[] {
    return this.options.catalog.locations;
  }

  private reference(kind: string): string {
    return `${this.options.prefix ?? 'L'}-${kind}-${this.index}-${++this.documents}`;
  }

  private async send(label: string, call: WmsCall): Promise<WmsAnswer> {
    const answer = await callWms(this.options.baseUrl, { tenant: this.options.catalog.tenant, ...call });
    recordAnswer(this.stats, label, answer);
    return answer;
  }

  private async receive(): Promise<void> {
    const lines = this.random
      .sample(this.skus, this.random.int(1, 3))
      .map((sku) => ({ sku, quantity: this.random.int(5, 40) }));
    const created = await this.send('POST /receipts', {
      method: 'POST',
      path: '/api/v1/receipts',
      body: { reference: this.reference('R'), lines },
    });
    if (created.status !== 201) return;
    await this.send('POST /receipts/:id/receive', {
      method: 'POST',
      path: `/api/v1/receipts/${created.body.id}/receive`,
      body: { lines: lines.map((line) => ({ ...line, location: this.random.pick(this.locations) })) },
    });
  }

  private async fulfilOrder(): Promise<void> {
    const lines = this.random
      .sample(this.skus, this.random.int(1, 2))
      .map((sku) => ({ sku, quantity: this.random.int(1, 6) }));
    const placed = await this.send('POST /orders', {
      method: 'POST',
      path: '/api/v1/orders',
      body: { reference: this.reference('O'), lines },
    });
    if (placed.status !== 201) return;
    const id = String(placed.body.id);
    this.orders.push(id);
    if (this.orders.length > 20) this.orders.shift();
    const step = (action: string) =>
      this.send(`POST /orders/:id/${action}`, { method: 'POST', path: `/api/v1/orders/${id}/${action}` });
    const allocated = await step('allocate');
    // Some orders stay placed or allocated, some are cancelled at each stage.
    const fate = this.random.next();
    if (allocated.status !== 200) {
      if (fate < 0.5) await step('cancel');
      return;
    }
    if (fate < 0.15) return;
    if (fate < 0.3) {
      await step('cancel');
      return;
    }
    const picked = await step('pick');
    if (picked.status !== 200 || fate < 0.4) return;
    if (fate < 0.5) await step('cancel');
    else await step('ship');
  }

  private async move(): Promise<void> {
    const [from, to] = this.random.sample(this.locations, 2);
    await this.send('POST /stock/moves', {
      method: 'POST',
      path: '/api/v1/stock/moves',
      body: { sku: this.random.pick(this.skus), from, to, quantity: this.random.int(1, 5) },
    });
  }

  private async adjust(): Promise<void> {
    const quantity = this.random.next() < 0.5 ? -this.random.int(1, 3) : this.random.int(1, 5);
    await this.send('POST /stock/adjustments', {
      method: 'POST',
      path: '/api/v1/stock/adjustments',
      body: {
        sku: this.random.pick(this.skus),
        location: this.random.pick(this.locations),
        quantity,
        reason: 'cycle count',
      },
    });
  }

  private async read(): Promise<void> {
    const roll = this.random.next();
    const order = this.orders.at(-1);
    if (roll < 0.4 || !order) {
      await this.send('GET /stock', {
        method: 'GET',
        path: `/api/v1/stock?sku=${this.random.pick(this.skus)}`,
      });
    } else if (roll < 0.8) {
      await this.send('GET /orders/:id', { method: 'GET', path: `/api/v1/orders/${order}` });
    } else {
      await this.send('GET /skus', { method: 'GET', path: '/api/v1/skus?size=20' });
    }
  }

  private async registerSku(): Promise<void> {
    const code = this.reference('SKU');
    await this.send('POST /skus', {
      method: 'POST',
      path: '/api/v1/skus',
      body: { code, name: code, uom: 'EA' },
    });
  }
}
