import { RawJson } from './json-text.js';
import type { SeededRandom } from '@ddd-kit/testing';
import type { FieldKind } from './wms-endpoints.js';

/** A value a field refuses, and how to name it in a report. */
export interface InvalidValue {
  readonly value: unknown;
  readonly label: string;
}

// Characters outside `[A-Za-z0-9._-]`, so any code holding one is invalid: unicode, controls,
// SQL and path punctuation, invisible and bidi characters, a lone surrogate.
const FOREIGN_CHARACTERS = [
  ' ',
  '\t',
  '\n',
  '\r',
  '\u0000',
  '\u0007',
  '\u001b',
  "'",
  '"',
  ';',
  '%',
  '*',
  '/',
  '\\',
  '<',
  '>',
  '{',
  '}',
  '(',
  ')',
  ',',
  '=',
  '+',
  '#',
  '&',
  '?',
  'é',
  'ß',
  '库',
  '存',
  '📦',
  '\u200b',
  '\u202e',
  '\ufeff',
  '\ud800',
  'İ',
  'ǅ',
  '\u0301',
];
const SQLISH = [
  "' OR 1=1 --",
  "A'; DROP TABLE skus; --",
  '1;select pg_sleep(5)',
  '$1',
  '${jndi:x}',
  '../../etc',
];
const UNSTORABLE_TEXTS: readonly InvalidValue[] = [
  { value: 'fuzz\u0000name', label: 'NUL in text' },
  { value: '\u0000', label: 'only NUL' },
  { value: 'fuzz\ud800', label: 'unpaired high surrogate' },
  { value: '\udc00fuzz', label: 'unpaired low surrogate' },
];
const NOT_STRINGS: readonly InvalidValue[] = [
  { value: 42, label: 'number' },
  { value: true, label: 'boolean' },
  { value: null, label: 'null' },
  { value: [], label: 'empty array' },
  { value: ['FZ-1'], label: 'array of string' },
  { value: {}, label: 'object' },
  { value: { value: 'FZ-1' }, label: 'wrapped object' },
];

/** A string that is never a valid code: empty, too long, or holding a foreign character. */
export function invalidCode(random: SeededRandom): InvalidValue {
  return random.weighted<() => InvalidValue>([
    [1, () => ({ value: '', label: 'empty code' })],
    [2, () => ({ value: 'C'.repeat(random.int(65, 5_000)), label: 'overlong code' })],
    [
      5,
      () => {
        const foreign = random.pick(FOREIGN_CHARACTERS);
        const text = `FZ${foreign}${random.string('ABC123', random.int(0, 6))}`;
        return { value: text, label: `code with U+${foreign.codePointAt(0)!.toString(16)}` };
      },
    ],
    [2, () => ({ value: random.pick(SQLISH), label: 'SQL-ish code' })],
    [2, () => random.pick(NOT_STRINGS)],
  ])();
}

/** A value the field refuses, by construction. */
export function invalidValue(kind: FieldKind, random: SeededRandom): InvalidValue {
  switch (kind.kind) {
    case 'code':
      return invalidCode(random);
    case 'text':
      return random.weighted<() => InvalidValue>([
        [1, () => ({ value: '', label: 'empty text' })],
        [
          2,
          () => {
            // Past the limit counted in characters, whichever way: every unit is one code point.
            const unit = random.pick(['x', '库', '📦', '\u0007', 'é']);
            return { value: unit.repeat(kind.max + random.int(1, 5_000)), label: `overlong text of ${unit}` };
          },
        ],
        [2, () => random.pick(NOT_STRINGS)],
        // Within the length, but PostgreSQL can store neither NUL nor an unpaired surrogate.
        [2, () => random.pick(UNSTORABLE_TEXTS)],
      ])();
    case 'enum':
      return random.weighted<() => InvalidValue>([
        [
          3,
          () => {
            const base = random.pick(kind.values);
            const value = random.pick([base.toLowerCase(), `${base} `, `${base}S`, `${base};`, '', '*']);
            return kind.values.includes(value)
              ? { value: 'NOPE', label: 'unknown enum' }
              : { value, label: 'unknown enum' };
          },
        ],
        [1, () => random.pick(NOT_STRINGS)],
      ])();
    case 'int':
      return invalidInteger(kind, random);
    case 'lines':
      return random.pick<InvalidValue>([
        { value: 'FZ-1', label: 'lines as string' },
        { value: 5, label: 'lines as number' },
        { value: null, label: 'lines null' },
        { value: { sku: 'FZ-1', quantity: 1 }, label: 'lines as one object' },
        { value: [], label: 'no lines' },
      ]);
  }
}

function invalidInteger(
  kind: { min: number; max: number; notZero?: boolean },
  random: SeededRandom,
): InvalidValue {
  const candidates: InvalidValue[] = [
    { value: kind.min - random.int(1, 1_000), label: 'below minimum' },
    { value: kind.max + random.int(1, 1_000), label: 'above maximum' },
    { value: Number.MAX_SAFE_INTEGER, label: 'max safe integer' },
    { value: -Number.MAX_SAFE_INTEGER, label: 'min safe integer' },
    { value: 1.5, label: 'float' },
    { value: random.int(1, 100) + 0.001, label: 'float' },
    { value: 1e-7, label: 'tiny float' },
    { value: Number.MAX_VALUE, label: 'max double' },
    { value: '5', label: 'numeric string' },
    { value: 'NaN', label: 'string NaN' },
    { value: '', label: 'empty string' },
    { value: null, label: 'null' },
    { value: true, label: 'boolean' },
    { value: [1], label: 'array' },
    { value: { value: 1 }, label: 'object' },
    { value: new RawJson('1e309'), label: 'raw 1e309 (Infinity)' },
    { value: new RawJson('-1e309'), label: 'raw -1e309' },
    { value: new RawJson('9007199254740993'), label: 'raw unsafe integer' },
    { value: new RawJson('1e400'), label: 'raw 1e400' },
    { value: new RawJson('NaN'), label: 'raw NaN (invalid JSON)' },
    { value: new RawJson('Infinity'), label: 'raw Infinity (invalid JSON)' },
    { value: new RawJson('0x10'), label: 'raw hex (invalid JSON)' },
    { value: new RawJson('01'), label: 'raw leading zero (invalid JSON)' },
  ];
  if (kind.min > 0)
    candidates.push({ value: 0, label: 'zero' }, { value: new RawJson('-0'), label: 'raw -0' });
  if (kind.notZero)
    candidates.push({ value: 0, label: 'zero' }, { value: new RawJson('-0'), label: 'raw -0' });
  return random.pick(candidates);
}
