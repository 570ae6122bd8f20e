import pg from 'pg';

/**
 * Takes the lock of one rebuild schema for as long as the rebuild runs: a session advisory lock
 * on a connection of its own, so it is not tied to a pooled connection and goes away with the
 * process if that dies. Two rebuilds of the same model would fill and drop the same schema.
 * @returns the release, or `undefined` when another rebuild holds the lock
 */
export async function lockRebuildSchema(
  url: string,
  schema: string,
): Promise<(() => Promise<void>) | undefined> {
  const client = new pg.Client({ connectionString: url });
  // A dropped connection releases the lock by itself; nothing to do but not crash on it.
  client.on('error', () => undefined);
  await client.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>(
      `select pg_try_advisory_lock(hashtextextended('ddd-kit:projector-rebuild:' || $1, 0)) as locked`,
      [schema],
    );
    if (rows[0]?.locked) return () => client.end();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  await client.end();
  return undefined;
}
