import type { Pool, PoolClient } from 'pg';

type Release = PoolClient['release'];

/**
 * Gives a connection that dies while checked out back to the pool, so the pool can replace it.
 *
 * Why by hand: when PostgreSQL drops a connection inside a transaction (restart, failover,
 * `pg_terminate_backend`), Kysely's rollback fails on the dead socket and never releases the
 * connection (kysely 0.29 `ControlledTransaction.rollback`). pg-pool keeps counting it, so every
 * such failure shrinks the pool for good and `pool.end()` never returns. Here each client's
 * `release` is made idempotent, and an `error`/`end` event while checked out releases it with the
 * error, which makes pg-pool discard it. A later release by Kysely is then a no-op.
 */
export function releaseBrokenConnections(pool: Pool): void {
  pool.on('connect', (client: PoolClient) => {
    let release: Release | undefined;
    // pg-pool assigns a fresh `release` on every checkout; wrap each one as it is assigned.
    Object.defineProperty(client, 'release', {
      configurable: true,
      get: () => release,
      set: (assigned: Release) => {
        let released = false;
        release = (error) => {
          if (released) return;
          released = true;
          assigned(error);
        };
      },
    });
    const discard = (error?: Error) => release?.(error ?? new Error('PostgreSQL connection ended'));
    client.on('error', discard);
    client.on('end', () => discard());
  });
}
