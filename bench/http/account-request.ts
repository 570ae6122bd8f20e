/**
 * The request both servers answer: `POST /accounts` with a JSON body, naming the tenant in a
 * header. Shared so that the ddd-kit DTO, the raw JSON schema and the load generator agree.
 */

/** The route under test. */
export const ACCOUNTS_PATH = '/accounts';

/** Header carrying the tenant (ddd-kit's `HeaderTenantResolver` default). */
export const TENANT_HEADER = 'x-tenant-id';

/** Tenants both servers accept; requests alternate between them. */
export const BENCH_TENANTS = ['acme', 'globex'] as const;

/** Currencies an account may be opened in. */
export const CURRENCIES = ['EUR', 'USD', 'GBP'] as const;
export type Currency = (typeof CURRENCIES)[number];

/** Bounds checked by both servers' validation. */
export const OWNER_MAX_LENGTH = 100;
export const OPENING_BALANCE_MAX = 1_000_000;

/** The request body. */
export interface OpenAccountBody {
  readonly owner: string;
  readonly currency: Currency;
  readonly openingBalance: number;
}

/** The `n`-th request body: unique owner, so every request writes a different row. */
export function openAccountBody(prefix: string, n: number): OpenAccountBody {
  return {
    owner: `${prefix}-owner-${n}`,
    currency: CURRENCIES[n % CURRENCIES.length]!,
    openingBalance: n % 1000,
  };
}

/** The tenant of the `n`-th request. */
export function tenantOf(n: number): string {
  return BENCH_TENANTS[n % BENCH_TENANTS.length]!;
}
