import { performance } from 'node:perf_hooks';
import pg from 'pg';

// The honest minimal claim: the oldest pending rows, locked, with what a sender needs.
const CLAIM_SQL = `
  select id, topic, partition_key, headers, payload::text as payload
    from outbox_messages
   where status = 'pending'
   order by seq
   limit $1
     for update skip locked`;
const MARK_SQL = `update outbox_messages set status = 'published', published_at = now() where id = any($1::uuid[])`;

/**
 * The database baseline: hand-written node-postgres claiming and marking the same rows without
 * sending them. One transaction per batch: `select … for update skip locked limit N`, then one
 * `update … set status = 'published'` for the ids it got, until a batch comes back short.
 */
export class RawClaimBaseline {
  private constructor(private readonly pool: pg.Pool) {}

  /** A pool of its own on the benchmark database. */
  static open(url: string): RawClaimBaseline {
    return new RawClaimBaseline(new pg.Pool({ connectionString: url, max: 1 }));
  }

  /** Drains every pending row; returns the elapsed ms and how many rows it marked. */
  async run(batchSize: number): Promise<{ ms: number; rows: number }> {
    const client = await this.pool.connect();
    try {
      const started = performance.now();
      let rows = 0;
      for (;;) {
        await client.query('begin');
        const claimed = await client.query<{ id: string }>(CLAIM_SQL, [batchSize]);
        if (claimed.rows.length > 0) {
          await client.query(MARK_SQL, [claimed.rows.map((row) => row.id)]);
        }
        await client.query('commit');
        rows += claimed.rows.length;
        // A short batch means the table is drained, the relay's own stop condition.
        if (claimed.rows.length < batchSize) return { ms: performance.now() - started, rows };
      }
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
