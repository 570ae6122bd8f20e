import { driveFuzz, type FuzzResponse } from '../../../test/faults/fuzz/fuzz-driver.js';
import {
  DEFAULT_BODY_LIMIT_BYTES,
  type FuzzContext,
  type FuzzRequest,
} from '../../../test/faults/fuzz/fuzz-request.js';
import { malformedRequests } from '../../../test/faults/fuzz/generate-malformed-requests.js';
import { runFuzz } from '../../../test/faults/fuzz/run-fuzz.js';
import { endpointName, WMS_ENDPOINTS } from '../../../test/faults/fuzz/wms-endpoints.js';
import { obliterateJobQueues } from './job-queues.fixture.js';
import { createLocations, expectStatus, receiveStock, registerSkus, sql } from './wms-fixtures.js';
import { settledWmsState, waitForProjections } from './wms-state.fixture.js';
import { startWmsTestApp, type WmsTestApp } from './wms-test-app.js';

// FUZZ_SEED and FUZZ_REQUESTS explore further while developing; the suite runs the fixed seed.
const SEED = Number(process.env['FUZZ_SEED'] ?? 20_261_120);
const REQUESTS = Number(process.env['FUZZ_REQUESTS'] ?? 2_000);
// The message of 500 INTERNAL, in both languages: no 4xx may fall back to it.
const INTERNAL_MESSAGES = ['Something went wrong on our side.', '服务器内部错误。'];
const ERROR_CODE = /^[A-Z][A-Z0-9_]*$/;
const CJK = /[\u4e00-\u9fff]/;

describe('WMS under fuzzed malformed input', () => {
  let wms: WmsTestApp;
  let context: FuzzContext;

  const inject = async (request: FuzzRequest): Promise<FuzzResponse> => {
    const response = await wms.app.inject({
      method: request.method,
      url: request.url,
      headers: request.headers,
      ...(request.body !== undefined && { payload: request.body }),
    });
    return { status: response.statusCode, body: response.body };
  };

  beforeAll(async () => {
    wms = await startWmsTestApp();
    await registerSkus(wms, ['MI-A', 'MI-B']);
    await createLocations(wms, ['MI-1', 'MI-2']);
    await receiveStock(wms, [{ sku: 'MI-A', location: 'MI-1', quantity: 5 }]);
    const receipt = await wms.request({
      method: 'POST',
      url: '/api/v1/receipts',
      body: { reference: 'MI-OPEN', lines: [{ sku: 'MI-B', quantity: 3 }] },
    });
    const order = await wms.request({
      method: 'POST',
      url: '/api/v1/orders',
      body: { reference: 'MI-ORDER', lines: [{ sku: 'MI-A', quantity: 2 }] },
    });
    // The read models must hold the seeding before the fuzzing starts, or they change during it.
    await waitForProjections(wms, String(expectStatus(order, 201).headers['x-consistency-token']));
    context = {
      tenant: 'acme',
      skus: ['MI-A', 'MI-B'],
      locations: ['MI-1', 'MI-2'],
      receiptIds: [expectStatus(receipt, 201).body.id],
      orderIds: [expectStatus(order, 201).body.id],
      projectors: ['stock-levels', 'order-view'],
      bodyLimitBytes: DEFAULT_BODY_LIMIT_BYTES,
    };
  }, 60_000);
  afterAll(async () => {
    if (wms) await obliterateJobQueues(wms.app);
    await wms?.close();
  });

  it(`answers ${REQUESTS} malformed requests with a localized 4xx each, and writes nothing`, async () => {
    const before = await settledWmsState(wms);
    const problems: string[] = [];
    const reachedPastRouter = new Set<string>();
    const outcome = await driveFuzz(malformedRequests(context, SEED), {
      count: REQUESTS,
      concurrency: 8,
      send: inject,
      observe: (request, response) => {
        const problem = problemWith(request, response);
        if (problem) {
          const sent = `${request.method} ${request.url.slice(0, 120)} [${request.defect}]`;
          problems.push(`${problem}: ${sent} → ${response.status} ${response.body.slice(0, 300)}`);
        } else if (JSON.parse(response.body).code !== 'ROUTE_NOT_FOUND') {
          reachedPastRouter.add(request.endpoint);
        }
      },
    });
    const after = await settledWmsState(wms);

    expect(outcome.requests).toBe(REQUESTS);
    expect(outcome.serverErrors).toEqual([]);
    expect(problems.slice(0, 20)).toEqual([]);
    expect(after).toEqual(before);
    // Every route was reached, and not only as a 404 of the router (inputless ones excepted).
    const routes = WMS_ENDPOINTS.filter((endpoint) => !endpoint.inputless).map(endpointName);
    expect(routes.filter((route) => !reachedPastRouter.has(route))).toEqual([]);
  }, 120_000);

  it('runs the fuzzer over real HTTP against a listening app', async () => {
    await wms.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = wms.app.getHttpServer().address() as { port: number };
    const before = await settledWmsState(wms);
    const outcome = await runFuzz(
      { baseUrl: `http://127.0.0.1:${port}`, tenant: 'acme' },
      { requests: 300, seed: SEED + 1, concurrency: 4 },
    );
    expect(outcome.requests).toBe(300);
    expect(outcome.serverErrors).toEqual([]);
    const statuses = Object.keys(outcome.byStatus).map(Number);
    expect(statuses.filter((status) => status < 400 || status >= 500)).toEqual([]);
    expect(await settledWmsState(wms)).toEqual(before);
  }, 60_000);

  it('localizes the errors of malformed requests in zh-CN', async () => {
    const zh = { 'accept-language': 'zh-CN' };
    const samples = [
      {
        method: 'POST' as const,
        url: '/api/v1/skus',
        body: { code: 'a b', name: 'x', uom: 'EA' },
        code: 'VALIDATION_FAILED',
      },
      { method: 'GET' as const, url: '/api/v1/skus?sort=password', code: 'SORT_FIELD_NOT_ALLOWED' },
      { method: 'GET' as const, url: '/api/v1/stock', tenant: 'nobody', code: 'TENANT_UNKNOWN' },
      { method: 'POST' as const, url: '/api/v1/orders', body: '{"reference":', code: 'MALFORMED_REQUEST' },
      { method: 'DELETE' as const, url: '/api/v1/skus', code: 'ROUTE_NOT_FOUND' },
    ];
    for (const { code, ...request } of samples) {
      const response = await wms.request({ ...request, headers: zh });
      expect({ url: request.url, code: response.body.code }).toEqual({ url: request.url, code });
      expect(response.body.message).toMatch(CJK);
      for (const detail of response.body.details ?? []) expect(detail.message).toMatch(CJK);
    }
  }, 30_000);

  describe('regressions found by the fuzzer', () => {
    const skuCount = async () =>
      Number((await sql<{ n: string }>(wms, 'select count(*) as n from skus'))[0]!.n);

    it('refuses a deeply nested body with 400 INPUT_TOO_DEEP, not a 500 (stack overflow)', async () => {
      const deepObject = `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`;
      const deepArray = `${'['.repeat(5_000)}${']'.repeat(5_000)}`;
      for (const [url, body] of [
        ['/api/v1/skus', `{"code":"MI-DEEP","name":"x","uom":"EA","nested":${deepObject}}`],
        [`/api/v1/receipts/${context.receiptIds[0]}/receive`, `{"lines":${deepArray}}`],
        ['/api/v1/jobs', `{"type":"sku-import","input":{"skus":[${deepObject}]}}`],
      ] as const) {
        const response = await wms.request({
          method: 'POST',
          url,
          body,
          headers: { 'accept-language': 'zh-CN' },
        });
        expect({ url, status: response.status, code: response.body.code }).toEqual({
          url,
          status: 400,
          code: 'INPUT_TOO_DEEP',
        });
        expect(response.body.message).toBe('请求嵌套超过 32 层。');
      }
    }, 30_000);

    it('refuses constructor, prototype and __proto__ fields instead of dropping them in silence', async () => {
      const before = await skuCount();
      for (const key of ['constructor', 'prototype']) {
        const response = await wms.request({
          method: 'POST',
          url: '/api/v1/skus',
          body: `{"code":"MI-${key}","name":"x","uom":"EA","${key}":"acme"}`,
        });
        expect(response.status).toBe(400);
        expect(response.body.details).toEqual([
          expect.objectContaining({ field: key, rule: 'whitelistValidation' }),
        ]);
      }
      const retry = await wms.request({
        method: 'POST',
        url: '/api/v1/projectors/stock-levels/retry',
        body: { prototype: 1 },
        tenant: null,
      });
      expect(retry.status).toBe(400);
      const nested = await wms.request({
        method: 'POST',
        url: '/api/v1/orders',
        body: '{"reference":"MI-C","lines":[{"sku":"MI-A","quantity":1,"constructor":1}]}',
      });
      expect(nested.body.details).toEqual([
        expect.objectContaining({ field: 'lines.0.constructor', rule: 'whitelistValidation' }),
      ]);
      expect(await skuCount()).toBe(before);
    }, 30_000);

    it('refuses text PostgreSQL cannot store (NUL, unpaired surrogates) with 400, not 500 or 503', async () => {
      const before = await settledWmsState(wms);
      for (const [url, body, field, tenant] of [
        ['/api/v1/skus', '{"code":"MI-NUL","name":"a\\u0000b","uom":"EA"}', 'name', 'acme'],
        ['/api/v1/skus', '{"code":"MI-SUR","name":"a\\ud800","uom":"EA"}', 'name', 'acme'],
        [
          '/api/v1/stock/adjustments',
          '{"sku":"MI-A","location":"MI-1","quantity":1,"reason":"\\udc00x"}',
          'reason',
          'acme',
        ],
        ['/api/v1/projectors/stock-levels/retry', '{"aggregateType":"x\\u0000"}', 'aggregateType', null],
        [
          '/api/v1/jobs',
          '{"type":"sku-import","input":{"skus":[{"code":"MI-J","name":"a\\u0000b","uom":"EA"}]}}',
          'input.skus.0.name',
          'acme',
        ],
      ] as const) {
        const response = await wms.request({
          method: 'POST',
          url,
          body,
          tenant,
          headers: { 'accept-language': 'zh-CN' },
        });
        expect({ url, status: response.status, code: response.body.code }).toEqual({
          url,
          status: 400,
          code: 'VALIDATION_FAILED',
        });
        expect(response.body.details).toEqual([
          { field, rule: 'storableText', message: expect.stringContaining('无法存储') },
        ]);
      }
      expect(await settledWmsState(wms)).toEqual(before);
    }, 30_000);

    it('refuses a body of a huge number of fields or items at once, not after seconds of validation', async () => {
      const keys = Array.from({ length: 150_000 }, (_, i) => `"k${i}":1`).join(',');
      const wide = await wms.request({ method: 'POST', url: '/api/v1/skus', body: `{${keys}}` });
      expect(wide.status).toBe(400);
      expect(wide.body).toMatchObject({ code: 'INPUT_TOO_WIDE', message: 'body has more than 100 fields.' });
      const lines = Array.from({ length: 300_000 }, () => '{}').join(',');
      const long = await wms.request({
        method: 'POST',
        url: '/api/v1/orders',
        body: `{"reference":"MI-LONG","lines":[${lines}]}`,
      });
      expect(long.status).toBe(400);
      expect(long.body).toMatchObject({
        code: 'INPUT_LIST_TOO_LONG',
        message: 'lines has more than 20000 items.',
      });
      // Under that bound, a list refused for its length is not validated item by item either.
      const tooMany = await wms.request({
        method: 'POST',
        url: '/api/v1/orders',
        body: `{"reference":"MI-LONG","lines":[${Array.from({ length: 10_000 }, () => '{}').join(',')}]}`,
      });
      expect(tooMany.body.details).toEqual([
        expect.objectContaining({ field: 'lines', rule: 'arrayMaxSize' }),
      ]);
    }, 30_000);

    it('refuses a line that is itself a list', async () => {
      for (const line of ['[]', '[{"sku":"MI-A","quantity":1}]']) {
        const response = await wms.request({
          method: 'POST',
          url: '/api/v1/orders',
          body: `{"reference":"MI-NESTED","lines":[{"sku":"MI-A","quantity":1},${line}]}`,
        });
        expect({ line, status: response.status, code: response.body.code }).toEqual({
          line,
          status: 400,
          code: 'VALIDATION_FAILED',
        });
        expect(response.body.details).toContainEqual(
          expect.objectContaining({ field: 'lines', rule: 'isObject' }),
        );
      }
    }, 30_000);

    it('answers the router’s own refusals (bad URL, over-long parameter) in the error shape, localized', async () => {
      const badUrl = await wms.request({
        method: 'GET',
        url: '/api/v1/orders/%E0%A4%A',
        headers: { 'accept-language': 'zh-CN,en;q=0.5', 'x-correlation-id': 'mi-corr-1' },
      });
      expect(badUrl.status).toBe(400);
      expect(badUrl.body).toEqual({
        code: 'MALFORMED_REQUEST',
        message: '无法解析请求。',
        correlationId: 'mi-corr-1',
        timestamp: expect.any(String),
      });
      const longParam = await wms.request({
        method: 'POST',
        url: `/api/v1/orders/${'a'.repeat(500)}/allocate`,
      });
      expect(longParam.status).toBe(414);
      expect(longParam.body).toMatchObject({
        code: 'URI_TOO_LONG',
        message: 'A part of the address is too long.',
      });
      expect(longParam.body.correlationId).toEqual(expect.any(String));
      expect(longParam.headers['x-correlation-id']).toBe(longParam.body.correlationId);
    }, 30_000);

    it('gives SORT_INVALID a message of its own, not the one of INTERNAL', async () => {
      const en = await wms.request({ method: 'GET', url: '/api/v1/skus?sort=code%20desc' });
      expect(en.status).toBe(400);
      expect(en.body).toMatchObject({ code: 'SORT_INVALID', message: expect.stringContaining('code desc') });
      const zh = await wms.request({
        method: 'GET',
        url: '/api/v1/skus?sort=-code:asc',
        headers: { 'accept-language': 'zh-CN' },
      });
      expect(zh.body).toMatchObject({
        code: 'SORT_INVALID',
        message: expect.stringContaining('无法解析排序'),
      });
    }, 30_000);
  });
});

/** Why an answer to a malformed request is wrong, or undefined when it is right. */
function problemWith(request: FuzzRequest, response: FuzzResponse): string | undefined {
  if (response.status < 400 || response.status >= 500) return `status ${response.status}`;
  let body: ErrorBodySeen;
  try {
    body = JSON.parse(response.body);
  } catch {
    return 'body not JSON';
  }
  if (typeof body.code !== 'string' || !ERROR_CODE.test(body.code) || body.code === 'INTERNAL') {
    return 'bad code';
  }
  if (typeof body.message !== 'string' || INTERNAL_MESSAGES.includes(body.message)) return 'bad message';
  if (typeof body.correlationId !== 'string' || body.correlationId === '') return 'no correlationId';
  if (typeof body.timestamp !== 'string' || Number.isNaN(Date.parse(body.timestamp))) return 'bad timestamp';
  // A `lang` query parameter outranks the header (nestjs-i18n's QueryResolver comes first).
  const language = request.url.includes('lang=') ? undefined : request.headers['accept-language'];
  if (language === 'zh-CN' || language === 'zh-cn') {
    const details = Array.isArray(body.details) ? body.details : [];
    const messages = [body.message, ...details.map((detail: { message?: unknown }) => detail.message)];
    if (!messages.every((message) => typeof message === 'string' && CJK.test(message))) {
      return 'not localized in zh-CN';
    }
  }
  return undefined;
}

interface ErrorBodySeen {
  readonly code?: unknown;
  readonly message?: unknown;
  readonly details?: unknown;
  readonly correlationId?: unknown;
  readonly timestamp?: unknown;
}
