/** Connections in both servers' pools: DatabaseModule's default `pool.max`, set explicitly. */
export const BENCH_POOL_SIZE = 10;
