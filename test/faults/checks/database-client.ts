import pg from 'pg';

/** Runs `work` with a connection of its own (opened after any restart, closed after). */
export async function withDatabase<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The rows of one query. */
export async function rowsOf<T extends object>(
  client: pg.Client,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  return (await client.query<T>(sql, params)).rows;
}

/** The single number a `select count(*)::int as n …` query returns. */
export async function countOf(client: pg.Client, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await rowsOf<{ n: number }>(client, sql, params);
  return Number(row?.n ?? 0);
}
