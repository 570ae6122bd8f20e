import type { RequestDraft } from './request-draft.js';
import type { SeededRandom } from '@ddd-kit/testing';
import { WMS_ENDPOINTS, type WmsEndpoint } from './wms-endpoints.js';

// Routes by method, to tell which method swaps land on no route.
const ROUTES = new Set(WMS_ENDPOINTS.map((endpoint) => `${endpoint.method} ${endpoint.route}`));

/** A request no route answers: a method the route lacks, or a path next to it. */
export function routeDefect(draft: RequestDraft, endpoint: WmsEndpoint, random: SeededRandom): void {
  const swapped = endpoint.method === 'GET' ? 'POST' : 'GET';
  const methods: RequestDraft['method'][] = ['PUT', 'PATCH', 'DELETE'];
  if (!ROUTES.has(`${swapped} ${endpoint.route}`)) methods.push(swapped);
  if (random.chance(0.5)) {
    draft.method = random.pick(methods);
    if (draft.method === 'GET') delete draft.body;
    draft.defect = `method ${draft.method}`;
    return;
  }
  const [path, label] = random.pick<[string, string]>([
    [`${draft.path}/fz`, 'extra segment'],
    [`${draft.path}/%00`, 'NUL segment'],
    [`${draft.path}%`, 'lone percent'],
    [`${draft.path}%E0%A4%A`, 'bad percent-encoding'],
    [`${draft.path}/..%2F..%2F..%2Fetc%2Fpasswd`, 'encoded traversal'],
    [draft.path.toUpperCase(), 'upper case'],
    [draft.path.replace('/v1/', '/v2/').replace(/^\/(health|metrics|docs)/, '/$1x'), 'unknown version'],
    [doubleSlash(draft.path), 'double slash'],
    [`${draft.path}/${'x'.repeat(random.int(200, 8_000))}`, 'overlong path'],
  ]);
  draft.path = path;
  draft.defect = `path: ${label}`;
}

// Inside the path: a leading `//` would read as a host name.
function doubleSlash(path: string): string {
  const doubled = path.replace(/^(\/[^/]+)\//, '$1//');
  return doubled === path ? `${path}//fz` : doubled;
}
