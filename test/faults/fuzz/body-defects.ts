import { invalidValue } from './invalid-values.js';
import { RawJson } from './json-text.js';
import type { SeededRandom } from '@ddd-kit/testing';
import type { JsonObject, ValidShapes } from './valid-shapes.js';
import type { BodySchema, FieldKind } from './wms-endpoints.js';

/** A body with one defect, and the defect's name. */
export interface DefectiveBody {
  /** A JSON value (with `RawJson` tokens) to serialize. */
  readonly body: unknown;
  readonly defect: string;
}

// Names no DTO declares: the validation pipe refuses unknown fields (forbidNonWhitelisted), so
// none of them may slip through, the tenant and id columns above all.
const UNKNOWN_FIELDS = [
  'id',
  'tenantId',
  'tenant_id',
  'version',
  'status',
  'createdAt',
  '',
  'constructor',
  'prototype',
  '库存',
  'x'.repeat(300),
  '$where',
];

/**
 * Breaks a valid body of `schema` in one place: a field's value, a missing or unknown field, the
 * lines, or the body's own type. Each defect alone makes the request invalid.
 */
export function defectiveBody(schema: BodySchema, shapes: ValidShapes, random: SeededRandom): DefectiveBody {
  const body = shapes.body(schema);
  const fields = { ...schema.required, ...schema.optional };
  const linesField = Object.entries(fields).find(([, kind]) => kind.kind === 'lines');
  const hasRequired = Object.keys(schema.required).length > 0;
  const defects: [number, () => DefectiveBody][] = [
    [Object.keys(fields).length > 0 ? 8 : 0, () => badFieldValue(body, schema, random)],
    [hasRequired ? 2 : 0, () => missingField(body, schema.required, random)],
    [2, () => unknownField(body, random)],
    [2, () => wrongBodyType(body, hasRequired, random)],
    [
      1,
      () => ({
        body: { ...body, nested: deepObject(random.int(50, 20_000)) },
        defect: 'deeply nested unknown field',
      }),
    ],
  ];
  if (linesField) {
    const [name, kind] = linesField;
    if (kind.kind === 'lines') defects.push([6, () => badLines(body, name, kind, shapes, random)]);
  }
  return random.weighted(defects.map(([weight, make]) => [weight, make] as const))();
}

function badFieldValue(body: JsonObject, schema: BodySchema, random: SeededRandom): DefectiveBody {
  const [name, kind] = random.pick(Object.entries({ ...schema.required, ...schema.optional }));
  const optional = !(name in schema.required);
  let invalid = invalidValue(kind, random);
  // `null` for an optional field means "not given" (class-validator's @IsOptional): valid.
  while (optional && invalid.value === null) invalid = invalidValue(kind, random);
  return { body: { ...body, [name]: invalid.value }, defect: `${name}: ${invalid.label}` };
}

function missingField(
  body: JsonObject,
  required: Record<string, FieldKind>,
  random: SeededRandom,
): DefectiveBody {
  const name = random.pick(Object.keys(required));
  const rest = { ...body };
  delete rest[name];
  return { body: rest, defect: `${name} missing` };
}

function unknownField(body: JsonObject, random: SeededRandom): DefectiveBody {
  const name = random.pick(UNKNOWN_FIELDS);
  const value = random.pick<unknown>(['acme', 1, null, { $gt: '' }, ['x'], true]);
  return { body: { ...body, [name]: value }, defect: `unknown field "${name.slice(0, 20)}"` };
}

function wrongBodyType(body: JsonObject, hasRequired: boolean, random: SeededRandom): DefectiveBody {
  const options: DefectiveBody[] = [
    { body: [], defect: 'body is an empty array' },
    { body: [body], defect: 'body is an array of the valid body' },
    { body: 'FZ', defect: 'body is a string' },
    { body: 42, defect: 'body is a number' },
    { body: true, defect: 'body is a boolean' },
    { body: new RawJson('1e309'), defect: 'body is 1e309' },
  ];
  // A `null` body reads as no body, which only a body of optional fields accepts.
  if (hasRequired) {
    options.push({ body: {}, defect: 'body is an empty object' }, { body: null, defect: 'body is null' });
  }
  return random.pick(options);
}

function badLines(
  body: JsonObject,
  name: string,
  kind: Extract<FieldKind, { kind: 'lines' }>,
  shapes: ValidShapes,
  random: SeededRandom,
): DefectiveBody {
  const lines = body[name] as JsonObject[];
  const withLines = (value: unknown, defect: string): DefectiveBody => ({
    body: { ...body, [name]: value },
    defect: `${name}: ${defect}`,
  });
  const options: [number, () => DefectiveBody][] = [
    [2, () => withLines(shapes.lines(kind.line, kind.max + random.int(1, 20), kind.distinctBy), 'too many')],
    [1, () => withLines([], 'empty')],
    [
      2,
      () => {
        const entry = random.pick<unknown>([5, 'FZ-1', null, [], [lines[0]], true]);
        return withLines([...lines, entry], `a line is ${JSON.stringify(entry)}`);
      },
    ],
    [
      5,
      () => {
        const index = random.int(0, lines.length - 1);
        const inner = defectiveLine(lines[index]!, kind.line, random);
        const copy: unknown[] = [...lines];
        copy[index] = inner.body;
        return withLines(copy, `line ${index}: ${inner.defect}`);
      },
    ],
    [1, () => withLines(deepArray(random.int(50, 20_000)), 'deeply nested arrays')],
    [1, () => withLines(invalidValue(kind, random).value, 'not a list of lines')],
  ];
  if (kind.distinctBy) {
    const key = kind.distinctBy;
    options.push([
      3,
      () => {
        const copy = lines.map((line) => ({ ...line }));
        const twin: JsonObject = { ...copy[0]!, quantity: random.int(1, 9) };
        copy.splice(random.int(0, copy.length), 0, twin);
        return withLines(copy, `duplicate ${key} ${String(twin[key])}`);
      },
    ]);
  }
  return random.weighted(options.map(([weight, make]) => [weight, make] as const))();
}

function defectiveLine(line: JsonObject, schema: BodySchema, random: SeededRandom): DefectiveBody {
  return random.weighted<() => DefectiveBody>([
    [4, () => badFieldValue(line, schema, random)],
    [1, () => missingField(line, schema.required, random)],
    [1, () => unknownField(line, random)],
  ])();
}

// Written as text: JSON.stringify recurses, and would run out of stack before the app does.
function deepObject(depth: number): RawJson {
  return new RawJson(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
}

function deepArray(depth: number): RawJson {
  return new RawJson(`${'['.repeat(depth)}${']'.repeat(depth)}`);
}
