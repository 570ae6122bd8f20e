import type { FuzzContext } from './fuzz-request.js';
import { invalidCode } from './invalid-values.js';
import { toJsonText } from './json-text.js';
import type { RequestDraft } from './request-draft.js';
import type { SeededRandom } from '@ddd-kit/testing';
import type { ValidShapes } from './valid-shapes.js';
import type { QueryKind, WmsEndpoint } from './wms-endpoints.js';

/** Breaks one query parameter, or adds one the route does not know. */
export function queryDefect(
  draft: RequestDraft,
  endpoint: WmsEndpoint,
  shapes: ValidShapes,
  random: SeededRandom,
): void {
  const query = shapes.query(endpoint);
  const params = Object.entries(endpoint.query ?? {});
  const pairs = (values: Record<string, string>) =>
    Object.entries(values).map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
  const valid = (without: string) =>
    pairs(Object.fromEntries(Object.entries(query).filter(([key]) => key !== without)));
  if (params.length === 0 || random.chance(0.15)) {
    // Not `__proto__`: the query parser drops it, so it never reaches the app to be refused.
    const name = random.pick(['foo', 'tenantId', 'lang', 'page[$gt]', 'size ', 'x'.repeat(100)]);
    draft.query = [...pairs(query), `${encodeURIComponent(name)}=1`].join('&');
    draft.defect = `unknown query parameter "${name.slice(0, 20)}"`;
    return;
  }
  const [name, kind] = random.pick(params);
  if (random.chance(0.15)) {
    // A repeated parameter arrives as an array, which no parameter accepts.
    const value = kind.kind === 'int' ? '1' : kind.kind === 'sort' ? 'code' : 'FZ-1';
    draft.query = [...valid(name), `${name}=${value}`, `${name}=${value}`].join('&');
    draft.defect = `query ${name} repeated`;
    return;
  }
  const { text, label, raw } = invalidQueryValue(kind, random);
  draft.query = [...valid(name), `${name}=${raw ? text : encodeURIComponent(wellFormed(text))}`].join('&');
  draft.defect = `query ${name}: ${label}`;
}

function invalidQueryValue(
  kind: QueryKind,
  random: SeededRandom,
): { text: string; label: string; raw?: boolean } {
  switch (kind.kind) {
    case 'int': {
      // Never a text Number() turns into a whole number in range ('0x10', '1e1', '+5').
      const text = random.pick([
        '0',
        '-1',
        '1.5',
        'abc',
        '',
        ' ',
        'NaN',
        'Infinity',
        '1e309',
        '٣',
        '--1',
        '1,2',
        '9'.repeat(30),
        String(kind.max + 1),
        "1' or '1'='1",
        '1;DROP TABLE skus',
      ]);
      return { text, label: JSON.stringify(text) };
    }
    case 'sort': {
      const text = random.pick([
        'password',
        'tenant_id',
        'tenantId',
        'id',
        'CODE',
        'code desc',
        '-code:asc',
        'code;drop table skus',
        'code,-x',
        '(select 1)',
        'name:sideways',
        '',
        'c'.repeat(201),
        '-',
        // Not ',,,': empty sort tokens are skipped, so it reads as no sort at all.
        '1code',
      ]);
      return { text, label: JSON.stringify(text.slice(0, 30)) };
    }
    case 'code': {
      if (random.chance(0.2))
        return {
          text: random.pick(['%', '%zz', '%E0%A4%A', '%00']),
          label: 'bad percent-encoding',
          raw: true,
        };
      const { value, label } = invalidCode(random);
      return typeof value === 'string' ? { text: value, label } : { text: '', label: 'empty' };
    }
  }
}

/** Replaces the route's parameter with a malformed one, or a well-formed one that names nothing. */
export function paramDefect(
  draft: RequestDraft,
  endpoint: WmsEndpoint,
  shapes: ValidShapes,
  random: SeededRandom,
): void {
  const kind = endpoint.param!;
  if (random.chance(0.3)) {
    draft.path = shapes.path(endpoint, shapes.unknownParam(kind));
    draft.defect = `unknown ${kind}`;
    return;
  }
  const uuid = random.uuid();
  const [value, label, raw] = random.pick<[string, string, boolean?]>([
    ['not-a-uuid', 'not a UUID'],
    ['123', 'a number'],
    [uuid.slice(0, -1), 'UUID one short'],
    [`${uuid}0`, 'UUID one long'],
    [uuid.replace(/[a-f]/, 'g'), 'UUID with a g'],
    [uuid.replaceAll('-', ''), 'UUID without dashes'],
    [`{${uuid}}`, 'UUID in braces'],
    ["' or 1=1--", 'SQL'],
    ['\u0000', 'NUL'],
    ['库存', 'unicode'],
    ['📦', 'emoji'],
    ['..%2F..%2Fetc%2Fpasswd', 'encoded traversal', true],
    ['%E0%A4%A', 'bad percent-encoding', true],
    ['%', 'lone percent', true],
    ['a'.repeat(random.int(101, 3_000)), 'overlong'],
    [' ', 'space'],
    ['null', 'the word null'],
    ['-1', 'negative number'],
  ]);
  const encoded = raw ? value : encodeURIComponent(value);
  draft.path = endpoint.route.replace(/:(id|name)/, encoded);
  draft.defect = `${kind} param: ${label}`;
}

/**
 * A tenant header that names no tenant (missing, unknown, malformed), or a malformed consistency
 * token: either is refused before the handler runs. Empty and missing tenants only count where a
 * tenant is required.
 */
export function headerDefect(
  draft: RequestDraft,
  endpoint: WmsEndpoint,
  context: FuzzContext,
  random: SeededRandom,
): void {
  const tenant = (value: string | undefined, defect: string) => {
    if (value === undefined) delete draft.headers['x-tenant-id'];
    else draft.headers['x-tenant-id'] = value;
    draft.defect = defect;
  };
  const options: [number, () => void][] = [
    [endpoint.tenantScoped ? 2 : 0, () => tenant(undefined, 'x-tenant-id missing')],
    [endpoint.tenantScoped ? 1 : 0, () => tenant('', 'x-tenant-id empty')],
    [2, () => tenant(`fz-nobody-${random.int(0, 1e6)}`, 'unknown tenant')],
    [1, () => tenant(`${context.tenant}x`, 'tenant one letter off')],
    [
      3,
      () => {
        // Interior characters: fetch trims a header's outer whitespace.
        const bad = random.pick([
          '.acme',
          '-acme',
          `a${' '}b`,
          'a;b',
          "a'b",
          'a/b',
          'a\u00e9b',
          'a,b',
          `${context.tenant}, ${context.tenant}`,
          't'.repeat(65),
          '*',
          '%61cme',
          '../acme',
        ]);
        tenant(bad, `malformed tenant ${JSON.stringify(bad.slice(0, 20))}`);
      },
    ],
    [
      3,
      () => {
        const token = random.pick([
          'v2.1',
          'v1.',
          'v1.-1',
          'v1.abc',
          'v1.1.2',
          'v1. 5',
          `v1.${'9'.repeat(21)}`,
          'v1.18446744073709551616',
          '1',
          'null',
          'x'.repeat(500),
          'v1.0x10',
          'v1.1e3',
        ]);
        draft.headers['x-consistency-token'] = token;
        draft.defect = `consistency token ${JSON.stringify(token.slice(0, 30))}`;
      },
    ],
  ];
  random.weighted(options)();
}

/**
 * Breaks the body as bytes rather than as a value: invalid JSON, prototype poisoning, an empty
 * body, the wrong content type, or more than the body limit. Routes without a body only get
 * bytes that are not JSON at all (with a JSON content type the body is parsed, used or not).
 */
export function transportDefect(
  draft: RequestDraft,
  context: FuzzContext,
  random: SeededRandom,
  takesBody: boolean,
): void {
  const text = toJsonText(draft.body ?? {});
  const set = (rawBody: string, defect: string, contentType = 'application/json') => {
    draft.rawBody = rawBody;
    draft.headers['content-type'] = contentType;
    draft.defect = defect;
  };
  const notJson: [number, () => void][] = [
    // A proper prefix of an object's text never balances its braces.
    [3, () => set(text.slice(0, random.int(1, text.length - 1)), 'truncated JSON')],
    [1, () => set(`// fuzz\n${text}`, 'comment before JSON')],
    [1, () => set(`${text}${text}`, 'two JSON texts')],
    [1, () => set(`\u0000${random.string('\u0001\u00ff\ufffd{}[]"', random.int(0, 200))}`, 'binary garbage')],
    [1, () => set('', 'empty body')],
  ];
  const badBody: [number, () => void][] = [
    [1, () => set(text.replace(/}$/, ',}'), 'trailing comma')],
    [text.includes('"') ? 1 : 0, () => set(text.replaceAll('"', "'"), 'single quotes')],
    [1, () => set(text.replace('{', '{"__proto__":{"isAdmin":true},'), '__proto__ key')],
    [
      1,
      () =>
        set(text.replace('{', '{"constructor":{"prototype":{"isAdmin":true}},'), 'constructor.prototype key'),
    ],
    [
      3,
      () => {
        const contentType = random.pick([
          'text/plain',
          'application/x-www-form-urlencoded',
          'application/xml',
          'multipart/form-data; boundary=fz',
          'application/octet-stream',
          'application/json-patch+json',
          'image/png',
          'json',
        ]);
        set(text, `content-type ${contentType}`, contentType);
      },
    ],
    [
      1,
      () => {
        // Past the limit and, should the limit be larger, still refused for its unknown field.
        const padding = 'p'.repeat(context.bodyLimitBytes + random.int(1, 65_536));
        set(text.replace('{', `{"padding":"${padding}",`), 'oversized body');
      },
    ],
  ];
  random.weighted(takesBody ? [...notJson, ...badBody] : notJson)();
}

// A URL cannot carry a lone surrogate (encodeURIComponent throws): it becomes U+FFFD, which no
// code accepts either.
function wellFormed(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}
