import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { eventTypeOf } from '@ddd-kit/core';
import { BENCH_EVENTS_TABLE } from './fixture/bench-event.entity.js';
import { BENCH_PRODUCTS_TABLE } from './fixture/bench-product.entity.js';
import { BenchProductCreated } from './fixture/bench-product.events.js';
import type { ProductInput, RoundWriter } from './round-writer.js';

// The columns MikroORM writes for a new BenchProduct and its event row; `version` comes from its
// column default (1), as it does for MikroORM.
const PRODUCT_COLUMNS = [
  'id',
  'code',
  'name',
  'price',
  'category',
  'created_at',
  'updated_at',
  'created_by',
  'updated_by',
] as const;
const EVENT_COLUMNS = ['event_id', 'type', 'aggregate_id', 'payload'] as const;
const EVENT_TYPE = eventTypeOf(BenchProductCreated).type;

/**
 * The baseline: what hand-written node-postgres would do. Same ids (UUIDv7), same rows and
 * types, one transaction with one multi-row INSERT per table.
 */
export class RawBaselineWriter implements RoundWriter {
  private constructor(private readonly pool: pg.Pool) {}

  /** A pool of its own on the benchmark database. */
  static open(url: string): RawBaselineWriter {
    return new RawBaselineWriter(new pg.Pool({ connectionString: url }));
  }

  async write(inputs: readonly ProductInput[]): Promise<void> {
    const now = new Date();
    const products: unknown[] = [];
    const events: unknown[] = [];
    for (const { code, name } of inputs) {
      const id = uuidv7();
      // price and category are BenchProduct.create's defaults.
      products.push(id, code, name, 100, 'general', now, now, null, null);
      events.push(uuidv7(), EVENT_TYPE, id, JSON.stringify({ code, name }));
    }
    const client = await this.pool.connect();
    try {
      await client.query('begin');
      await client.query(insertSql(BENCH_PRODUCTS_TABLE, PRODUCT_COLUMNS, inputs.length), products);
      await client.query(insertSql(BENCH_EVENTS_TABLE, EVENT_COLUMNS, inputs.length), events);
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** Empties both tables between batch sizes, so every N starts from the same table size. */
  async truncate(): Promise<void> {
    await this.pool.query(`truncate table "${BENCH_PRODUCTS_TABLE}", "${BENCH_EVENTS_TABLE}"`);
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

function insertSql(table: string, columns: readonly string[], rows: number): string {
  const tuples: string[] = [];
  for (let row = 0, parameter = 1; row < rows; row++) {
    const placeholders = columns.map(() => `$${parameter++}`);
    tuples.push(`(${placeholders.join(', ')})`);
  }
  return `insert into "${table}" (${columns.map((column) => `"${column}"`).join(', ')}) values ${tuples.join(', ')}`;
}
