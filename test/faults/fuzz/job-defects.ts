import type { DefectiveBody } from './body-defects.js';
import { invalidValue, type InvalidValue } from './invalid-values.js';
import type { SeededRandom } from '@ddd-kit/testing';

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;
const QUANTITY = { kind: 'int', min: 1, max: 1_000_000_000 } as const;
const DELAY = { kind: 'int', min: 0, max: WEEK_MS } as const;

// Names the registry does not hold, among them the names of Object.prototype's members.
const UNKNOWN_TYPES = [
  'sku-import ',
  'SKU-IMPORT',
  'replenishment',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  '',
  'x'.repeat(65),
  'sku-import\u0000',
  'ｓｋｕ-import',
];

/**
 * A `POST /api/v1/jobs` body that must be refused before anything is queued: an unknown type, an
 * input of the wrong shape, an input its type rejects (`replenishment-suggestion`: threshold,
 * targetLevel; `sku-import`: the file), or a bad delay. Every `sku-import` file holds at least one
 * bad row, so no import is ever valid by accident.
 */
export function defectiveJob(random: SeededRandom): DefectiveBody {
  return random.weighted<() => DefectiveBody>([
    [2, () => ({ body: { type: random.pick(UNKNOWN_TYPES), input: {} }, defect: 'unknown job type' })],
    [
      1,
      () => ({
        body: { type: invalidValue({ kind: 'text', max: 64 }, random).value, input: {} },
        defect: 'type not a short string',
      }),
    ],
    [
      2,
      () => {
        const input = random.pick<unknown>([null, [], 'threshold=1', 5, true, [{ threshold: 1 }]]);
        return { body: { type: randomType(random), input }, defect: `input is ${JSON.stringify(input)}` };
      },
    ],
    [1, () => ({ body: { type: randomType(random) }, defect: 'input missing' })],
    [4, () => replenishment(random)],
    [5, () => skuImport(random)],
    [
      2,
      () => {
        const { value, label } = nonNull(() => invalidValue(DELAY, random));
        return {
          body: { type: 'replenishment-suggestion', input: { threshold: 5 }, delayMs: value },
          defect: `delayMs: ${label}`,
        };
      },
    ],
    [
      1,
      () => ({
        body: { type: 'replenishment-suggestion', input: { threshold: 5 }, priority: 1 },
        defect: 'unknown field priority',
      }),
    ],
  ])();
}

// `null` for an optional field means "not given" (class-validator's @IsOptional): valid.
function nonNull(draw: () => InvalidValue): InvalidValue {
  let invalid = draw();
  while (invalid.value === null) invalid = draw();
  return invalid;
}

function randomType(random: SeededRandom): string {
  return random.pick(['replenishment-suggestion', 'sku-import']);
}

function replenishment(random: SeededRandom): DefectiveBody {
  const job = (input: unknown, defect: string): DefectiveBody => ({
    body: { type: 'replenishment-suggestion', input },
    defect: `replenishment-suggestion ${defect}`,
  });
  return random.weighted<() => DefectiveBody>([
    [
      3,
      () => {
        const { value, label } = invalidValue(QUANTITY, random);
        return job({ threshold: value }, `threshold: ${label}`);
      },
    ],
    [
      2,
      () => {
        const { value, label } = nonNull(() => invalidValue(QUANTITY, random));
        return job({ threshold: 5, targetLevel: value }, `targetLevel: ${label}`);
      },
    ],
    [
      2,
      () => {
        const threshold = random.int(2, 1_000);
        return job({ threshold, targetLevel: random.int(1, threshold - 1) }, 'targetLevel below threshold');
      },
    ],
    [1, () => job({}, 'threshold missing')],
    [1, () => job({ threshold: 5, tenantId: 'globex' }, 'unknown input field tenantId')],
  ])();
}

function skuImport(random: SeededRandom): DefectiveBody {
  const job = (input: unknown, defect: string): DefectiveBody => ({
    body: { type: 'sku-import', input },
    defect: `sku-import ${defect}`,
  });
  const good = (index: number) => ({
    code: `FZ-IMP-${random.int(0, 1e9)}-${index}`,
    name: 'Fuzz',
    uom: 'EA',
  });
  const rows = () => Array.from({ length: random.int(0, 5) }, (_, index) => good(index));
  const csvRows = () => rows().map((row) => `${row.code},${row.name},${row.uom}`);
  return random.weighted<() => DefectiveBody>([
    [1, () => job({}, 'neither skus nor csv')],
    [1, () => job({ skus: rows(), csv: 'code,name,uom\nFZ-1,A,EA' }, 'both skus and csv')],
    [1, () => job({ skus: [] }, 'no skus')],
    [1, () => job({ skus: random.pick<unknown>(['FZ-1', { code: 'FZ-1' }, 5, null]) }, 'skus not a list')],
    [
      4,
      () => {
        const bad = random.pick<[unknown, string]>([
          [
            { code: invalidValue({ kind: 'code', from: 'fresh' }, random).value, name: 'A', uom: 'EA' },
            'bad code',
          ],
          [{ code: 'FZ-1', name: '', uom: 'EA' }, 'empty name'],
          [{ code: 'FZ-1', name: 'A\u0000B', uom: 'EA' }, 'NUL in name'],
          [{ code: 'FZ-1', name: 'A\ud800', uom: 'EA' }, 'unpaired surrogate in name'],
          [{ code: 'FZ-1', name: 'n'.repeat(201), uom: 'EA' }, 'overlong name'],
          [{ code: 'FZ-1', name: 'A', uom: 'ea' }, 'bad uom'],
          [{ code: 'FZ-1', name: 'A' }, 'uom missing'],
          [{ code: 'FZ-1', name: 'A', uom: 'EA', id: 1 }, 'unknown field'],
          [5, 'row not an object'],
          [null, 'row null'],
        ]);
        const list: unknown[] = rows();
        list.splice(random.int(0, list.length), 0, bad[0]);
        return job({ skus: list }, `row: ${bad[1]}`);
      },
    ],
    [
      1,
      () => {
        const row = good(0);
        return job({ skus: [row, ...rows(), row] }, 'repeated code');
      },
    ],
    [1, () => job({ csv: '' }, 'empty csv')],
    [1, () => job({ csv: random.pick([42, null, ['code,name,uom']]) }, 'csv not text')],
    [1, () => job({ csv: ['code,name', ...csvRows()].join('\n') }, 'csv header lacks uom')],
    [
      1,
      () => job({ csv: ['code,name,uom,price', ...csvRows()].join('\n') }, 'csv header with unknown column'),
    ],
    [
      2,
      () =>
        job(
          {
            csv: [
              'code,name,uom',
              ...csvRows(),
              random.pick([
                '"FZ-Q,unterminated,EA',
                'FZ-2,A,EA,extra',
                'FZ 2,A,EA',
                'FZ-3,,EA',
                'FZ-4,A,GALLON',
                'FZ-5,A\u0000B,EA',
              ]),
            ].join('\n'),
          },
          'csv with a bad line',
        ),
    ],
    [1, () => job({ csv: 'code,name,uom\nFZ-5,A,EA', skus: null }, 'skus null beside csv')],
  ])();
}
