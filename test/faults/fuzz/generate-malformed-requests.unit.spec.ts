import { DEFAULT_BODY_LIMIT_BYTES, type FuzzContext } from './fuzz-request.js';
import { generateMalformedRequests } from './generate-malformed-requests.js';
import { endpointName, WMS_ENDPOINTS } from './wms-endpoints.js';

const context: FuzzContext = {
  tenant: 'acme',
  skus: ['SKU-1'],
  locations: ['LOC-1'],
  receiptIds: ['01a1fbe0-2dd7-73c4-b3f4-99708b3fff2d'],
  orderIds: ['01a1fbe0-2dd7-73c4-b3f4-99708b3fff2e'],
  projectors: ['stock-levels'],
  bodyLimitBytes: DEFAULT_BODY_LIMIT_BYTES,
};

describe('malformed request generator', () => {
  const requests = generateMalformedRequests(context, 7, 2_000);

  it('builds requests from any seed without failing', () => {
    for (let seed = 0; seed < 10; seed++)
      expect(generateMalformedRequests(context, seed, 3_000)).toHaveLength(3_000);
  });

  it('is deterministic from its seed', () => {
    expect(generateMalformedRequests(context, 7, 200)).toEqual(requests.slice(0, 200));
    expect(generateMalformedRequests(context, 8, 200)).not.toEqual(requests.slice(0, 200));
  });

  it('aims at every route, each request with a named defect', () => {
    const aimed = new Set(requests.map((request) => request.endpoint));
    expect(WMS_ENDPOINTS.map(endpointName).filter((route) => !aimed.has(route))).toEqual([]);
    expect(requests.filter((request) => request.defect === '')).toEqual([]);
  });

  it('only builds requests that fetch can send as written', () => {
    for (const request of requests) {
      // Header values are byte strings without line breaks; paths are absolute and encoded.
      for (const value of Object.values(request.headers)) expect(value).toMatch(/^[^\r\n\0\u0100-\uffff]*$/);
      expect(request.url).toMatch(/^\/[^/]/);
      expect(request.url).toMatch(/^[\x21-\x7e]+$/);
      if (request.method === 'GET') expect(request.body).toBeUndefined();
    }
  });
});
