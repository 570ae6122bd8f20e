import { defectiveBody } from './body-defects.js';
import type { FuzzContext, FuzzRequest } from './fuzz-request.js';
import { defectiveJob } from './job-defects.js';
import { finishDraft, type RequestDraft } from './request-draft.js';
import { headerDefect, paramDefect, queryDefect, transportDefect } from './request-defects.js';
import { routeDefect } from './route-defects.js';
import { SeededRandom } from '@ddd-kit/testing';
import { ValidShapes } from './valid-shapes.js';
import { endpointName, WMS_ENDPOINTS, type WmsEndpoint } from './wms-endpoints.js';

// Noise on top of the defect: none of it makes a request valid or invalid, all of it must be
// survived (languages the app lacks, garbage quality values, correlation ids it must not echo).
const LANGUAGES = [
  'en',
  'zh-CN',
  'zh-cn',
  'zh',
  'zh-Hans-CN',
  'fr-FR',
  '*',
  'en;q=0.1, zh-CN;q=0.9',
  'zh-CN;q=abc',
  ';;;',
  ',',
  'x'.repeat(300),
  'de-DE-u-co-phonebk',
  '\u00e9',
  'en-',
  '-',
];
const CORRELATION_IDS = ['fz-corr-1', '', ' ', 'c'.repeat(129), 'a b', '<script>', '../../x', '\u00ff\u00fe'];

/**
 * Malformed requests across every WMS route, endless and the same for the same seed and context.
 * Each request is a valid one with exactly one defect that makes the app refuse it; none is valid
 * by accident, so a 2xx is a bug as much as a 5xx, and no request may write anything.
 */
export function* malformedRequests(context: FuzzContext, seed: number): Generator<FuzzRequest, never> {
  const random = new SeededRandom(seed);
  const shapes = new ValidShapes(context, random);
  for (;;) {
    const endpoint = random.weighted(
      WMS_ENDPOINTS.map((entry) => [entry.inputless ? 0.3 : 1, entry] as const),
    );
    const draft = baseDraft(endpoint, context, shapes, random);
    applyDefect(draft, endpoint, context, shapes, random);
    addNoise(draft, random);
    yield finishDraft(draft);
  }
}

/** The first `count` requests of {@link malformedRequests}. */
export function generateMalformedRequests(context: FuzzContext, seed: number, count: number): FuzzRequest[] {
  const requests: FuzzRequest[] = [];
  const source = malformedRequests(context, seed);
  while (requests.length < count) requests.push(source.next().value);
  return requests;
}

function baseDraft(
  endpoint: WmsEndpoint,
  context: FuzzContext,
  shapes: ValidShapes,
  random: SeededRandom,
): RequestDraft {
  const body = endpoint.body
    ? shapes.body(endpoint.body)
    : endpoint.jobs
      ? { type: 'replenishment-suggestion', input: { threshold: random.int(1, 50) } }
      : undefined;
  return {
    method: endpoint.method,
    path: shapes.path(endpoint),
    query: '',
    headers: { 'x-tenant-id': context.tenant },
    ...(body !== undefined && { body }),
    endpoint: endpointName(endpoint),
    defect: '',
  };
}

function applyDefect(
  draft: RequestDraft,
  endpoint: WmsEndpoint,
  context: FuzzContext,
  shapes: ValidShapes,
  random: SeededRandom,
): void {
  const takesBody = endpoint.body !== undefined || endpoint.jobs === true;
  const defects: [number, () => void][] = [
    [
      endpoint.body ? 10 : 0,
      () => {
        const { body, defect } = defectiveBody(endpoint.body!, shapes, random);
        Object.assign(draft, { body, defect: `body ${defect}` });
      },
    ],
    [
      endpoint.jobs ? 12 : 0,
      () => {
        const { body, defect } = defectiveJob(random);
        Object.assign(draft, { body, defect: `job ${defect}` });
      },
    ],
    [endpoint.query ? 8 : 0, () => queryDefect(draft, endpoint, shapes, random)],
    [endpoint.param ? 6 : 0, () => paramDefect(draft, endpoint, shapes, random)],
    [endpoint.inputless ? 0 : 3, () => headerDefect(draft, endpoint, context, random)],
    [
      endpoint.method === 'POST' ? (takesBody ? 3 : 1) : 0,
      () => transportDefect(draft, context, random, takesBody),
    ],
    [1, () => routeDefect(draft, endpoint, random)],
  ];
  random.weighted(defects)();
}

function addNoise(draft: RequestDraft, random: SeededRandom): void {
  if (random.chance(0.5)) draft.headers['accept-language'] = random.pick(LANGUAGES);
  if (random.chance(0.2)) draft.headers['x-correlation-id'] = random.pick(CORRELATION_IDS);
  if (random.chance(0.05))
    draft.headers['traceparent'] = random.pick([
      '00-zz',
      '00-' + '0'.repeat(32) + '-' + '0'.repeat(16) + '-01',
      'x'.repeat(200),
    ]);
}
