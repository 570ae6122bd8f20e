/**
 * The WMS HTTP API as the fuzzer sees it: every route with the shape of a valid request, which
 * the defects then break. Kept by hand next to the controllers (apps/wms/src/∗/api, jobs,
 * operations); the e2e spec fails on a route that answers 404 to all its requests.
 */

/** A body field and the values it accepts. */
export type FieldKind =
  /** `[A-Za-z0-9._-]{1,64}`, drawn from existing SKUs, locations or fresh. */
  | { readonly kind: 'code'; readonly from: 'sku' | 'location' | 'fresh' }
  /** Free text of 1 to `max` characters. */
  | { readonly kind: 'text'; readonly max: number }
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  | { readonly kind: 'int'; readonly min: number; readonly max: number; readonly notZero?: boolean }
  | {
      readonly kind: 'lines';
      readonly line: BodySchema;
      readonly max: number;
      /** A field no two lines may share (the domain's `LINE_DUPLICATE`). */
      readonly distinctBy?: string;
    };

/** The fields of a JSON object body. */
export interface BodySchema {
  readonly required: Readonly<Record<string, FieldKind>>;
  readonly optional?: Readonly<Record<string, FieldKind>>;
}

/** A query parameter and the values it accepts. */
export type QueryKind =
  | { readonly kind: 'int'; readonly min: number; readonly max: number }
  | { readonly kind: 'sort'; readonly fields: readonly string[] }
  | { readonly kind: 'code' };

/** What the route's `:param` is. */
export type ParamKind = 'receipt' | 'order' | 'job' | 'projector';

export interface WmsEndpoint {
  readonly method: 'GET' | 'POST';
  /** As declared, e.g. `/api/v1/orders/:id/allocate`. */
  readonly route: string;
  /** Needs `x-tenant-id` (false for `@WithoutTenant()` routes). */
  readonly tenantScoped: boolean;
  readonly param?: ParamKind;
  readonly body?: BodySchema;
  /** The jobs route: its body depends on the job type (see job-defects.ts). */
  readonly jobs?: true;
  readonly query?: Readonly<Record<string, QueryKind>>;
  /** Routes that take no input at all (health, metrics, docs) are only hit by route defects. */
  readonly inputless?: true;
}

// The domain's limits (apps/wms/src/shared/domain).
const QUANTITY_MAX = 1_000_000_000;
const LINES_MAX = 500;
const UOMS = ['EA', 'BOX', 'CASE', 'PALLET', 'KG', 'L'];
const LOCATION_TYPES = ['RECEIVING', 'STORAGE', 'PICKING', 'SHIPPING'];
const quantity: FieldKind = { kind: 'int', min: 1, max: QUANTITY_MAX };
const sku: FieldKind = { kind: 'code', from: 'sku' };
const location: FieldKind = { kind: 'code', from: 'location' };
const reference: FieldKind = { kind: 'code', from: 'fresh' };

const expectedLine: BodySchema = { required: { sku, quantity } };
const receivedLine: BodySchema = { required: { sku, quantity, location } };
const page: QueryKind = { kind: 'int', min: 1, max: 1_000_000 };
const size: QueryKind = { kind: 'int', min: 1, max: 100 };

/** Every route of the WMS. */
export const WMS_ENDPOINTS: readonly WmsEndpoint[] = [
  {
    method: 'POST',
    route: '/api/v1/skus',
    tenantScoped: true,
    body: {
      required: { code: reference, name: { kind: 'text', max: 200 }, uom: { kind: 'enum', values: UOMS } },
    },
  },
  {
    method: 'GET',
    route: '/api/v1/skus',
    tenantScoped: true,
    query: { page, size, sort: { kind: 'sort', fields: ['code', 'name', 'createdAt'] } },
  },
  {
    method: 'POST',
    route: '/api/v1/locations',
    tenantScoped: true,
    body: {
      required: { code: reference, type: { kind: 'enum', values: LOCATION_TYPES } },
      optional: { capacity: quantity },
    },
  },
  {
    method: 'POST',
    route: '/api/v1/receipts',
    tenantScoped: true,
    body: {
      required: {
        reference,
        lines: { kind: 'lines', line: expectedLine, max: LINES_MAX, distinctBy: 'sku' },
      },
    },
  },
  {
    method: 'POST',
    route: '/api/v1/receipts/:id/receive',
    tenantScoped: true,
    param: 'receipt',
    body: { required: { lines: { kind: 'lines', line: receivedLine, max: LINES_MAX } } },
  },
  { method: 'GET', route: '/api/v1/receipts/:id', tenantScoped: true, param: 'receipt' },
  {
    method: 'POST',
    route: '/api/v1/stock/moves',
    tenantScoped: true,
    body: { required: { sku, from: location, to: location, quantity } },
  },
  {
    method: 'POST',
    route: '/api/v1/stock/adjustments',
    tenantScoped: true,
    body: {
      required: {
        sku,
        location,
        quantity: { kind: 'int', min: -QUANTITY_MAX, max: QUANTITY_MAX, notZero: true },
        reason: { kind: 'text', max: 200 },
      },
    },
  },
  {
    method: 'GET',
    route: '/api/v1/stock',
    tenantScoped: true,
    query: { sku: { kind: 'code' }, location: { kind: 'code' }, page, size },
  },
  {
    method: 'POST',
    route: '/api/v1/orders',
    tenantScoped: true,
    body: {
      required: {
        reference,
        lines: { kind: 'lines', line: expectedLine, max: LINES_MAX, distinctBy: 'sku' },
      },
    },
  },
  ...(['allocate', 'pick', 'ship', 'cancel'] as const).map((action): WmsEndpoint => ({
    method: 'POST',
    route: `/api/v1/orders/:id/${action}`,
    tenantScoped: true,
    param: 'order',
  })),
  { method: 'GET', route: '/api/v1/orders/:id', tenantScoped: true, param: 'order' },
  { method: 'GET', route: '/api/v1/jobs/types', tenantScoped: true },
  { method: 'POST', route: '/api/v1/jobs', tenantScoped: true, jobs: true },
  { method: 'GET', route: '/api/v1/jobs/:id', tenantScoped: true, param: 'job' },
  { method: 'GET', route: '/api/v1/reports/low-stock', tenantScoped: true },
  { method: 'GET', route: '/api/v1/projectors', tenantScoped: false },
  { method: 'GET', route: '/api/v1/projectors/:name', tenantScoped: false, param: 'projector' },
  {
    method: 'POST',
    route: '/api/v1/projectors/:name/retry',
    tenantScoped: false,
    param: 'projector',
    body: {
      required: {},
      optional: { aggregateType: { kind: 'text', max: 200 }, aggregateId: { kind: 'text', max: 200 } },
    },
  },
  { method: 'GET', route: '/health', tenantScoped: false, inputless: true },
  { method: 'GET', route: '/metrics', tenantScoped: false, inputless: true },
  { method: 'GET', route: '/docs', tenantScoped: false, inputless: true },
  { method: 'GET', route: '/docs-json', tenantScoped: false, inputless: true },
];

/** `METHOD /route`, as reports name an endpoint. */
export function endpointName(endpoint: WmsEndpoint): string {
  return `${endpoint.method} ${endpoint.route}`;
}
