import { CsvError, parse } from 'csv-parse/sync';
import { ValidationError } from '@ddd-kit/core';
import { UNITS_OF_MEASURE, type UnitOfMeasure } from '../../catalog/domain/sku.aggregate.js';
import { SkuCode } from '../../shared/domain/code.js';
import { ImportInvalidError } from './import-invalid.error.js';

/** One SKU of an import file, checked: code, name, unit of measure. */
export type SkuImportRow = readonly [code: string, name: string, uom: UnitOfMeasure];

const COLUMNS = ['code', 'name', 'uom'] as const;
const NAME_MAX = 200;

/**
 * Reads SKUs from a JSON array of `{code, name, uom}`.
 * @throws ImportInvalidError listing what is wrong, row by row
 */
export function readSkuRows(rows: readonly unknown[], maxRows: number): SkuImportRow[] {
  const checker = new SkuFileChecker(maxRows, rows.length);
  rows.forEach((row, index) => {
    const where = `item ${index + 1}`;
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      checker.problem(`${where}: not an object`);
      return;
    }
    const unknown = Object.keys(row).filter((key) => !(COLUMNS as readonly string[]).includes(key));
    if (unknown.length > 0) checker.problem(`${where}: unknown field(s) ${unknown.join(', ')}`);
    const { code, name, uom } = row as Record<string, unknown>;
    checker.check(where, code, name, uom);
  });
  return checker.rows();
}

/**
 * Reads SKUs from CSV text whose header names the columns `code`, `name` and `uom`.
 * @throws ImportInvalidError listing what is wrong, line by line
 */
export function readSkuCsv(text: string, maxRows: number): SkuImportRow[] {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      columns: (header: string[]) => checkHeader(header),
      skip_empty_lines: true,
      trim: true,
      info: true,
    });
  } catch (error) {
    if (error instanceof ImportInvalidError) throw error;
    if (error instanceof CsvError) throw new ImportInvalidError([csvProblem(error)]);
    throw error;
  }
  const checker = new SkuFileChecker(maxRows, records.length);
  for (const { record, info } of records) {
    checker.check(`line ${info.lines}`, record['code'], record['name'], record['uom']);
  }
  return checker.rows();
}

function checkHeader(header: string[]): string[] {
  const columns = header.map((column) => column.trim().toLowerCase());
  const missing = COLUMNS.filter((column) => !columns.includes(column));
  const unknown = columns.filter((column) => !(COLUMNS as readonly string[]).includes(column));
  const problems = [
    ...(missing.length > 0 ? [`the header lacks ${missing.join(', ')}`] : []),
    ...(unknown.length > 0 ? [`the header has unknown column(s) ${unknown.join(', ')}`] : []),
  ];
  if (problems.length > 0) throw new ImportInvalidError(problems);
  return columns;
}

function csvProblem(error: CsvError): string {
  const line = (error as CsvError & { lines?: number }).lines;
  return `${line ? `line ${line}: ` : ''}${error.message.replace(/^Invalid [^:]*: /, '')}`;
}

/** Checks rows one by one and collects every problem, so one answer lists them all. */
class SkuFileChecker {
  // Enough to fix a file in one go, small enough for an error message.
  private static readonly KEPT = 100;
  private readonly checked: SkuImportRow[] = [];
  private readonly problems: string[] = [];
  private problemCount = 0;
  private readonly seen = new Map<string, string>();

  constructor(maxRows: number, count: number) {
    if (count === 0) throw new ImportInvalidError(['the file holds no SKUs']);
    if (count > maxRows)
      throw new ImportInvalidError([
        `the file holds ${count} SKUs, at most ${maxRows} are allowed per import`,
      ]);
  }

  problem(text: string): void {
    this.problemCount++;
    if (this.problems.length < SkuFileChecker.KEPT) this.problems.push(text);
  }

  check(where: string, code: unknown, name: unknown, uom: unknown): void {
    const before = this.problemCount;
    if (typeof code !== 'string' || !isSkuCode(code)) {
      this.problem(`${where}: code ${JSON.stringify(code) ?? 'missing'} is not 1–64 of A-Z a-z 0-9 . _ -`);
    } else if (this.seen.has(code)) {
      this.problem(`${where}: code ${code} repeats ${this.seen.get(code)}`);
    } else {
      this.seen.set(code, where);
    }
    if (typeof name !== 'string' || name.trim().length === 0 || name.length > NAME_MAX) {
      this.problem(`${where}: name must be 1–${NAME_MAX} characters`);
    }
    if (typeof uom !== 'string' || !(UNITS_OF_MEASURE as readonly string[]).includes(uom)) {
      this.problem(
        `${where}: uom ${JSON.stringify(uom) ?? 'missing'} is not one of ${UNITS_OF_MEASURE.join(', ')}`,
      );
    }
    if (this.problemCount === before)
      this.checked.push([code as string, name as string, uom as UnitOfMeasure]);
  }

  /** @throws ImportInvalidError when any row had a problem */
  rows(): SkuImportRow[] {
    if (this.problemCount > 0) throw new ImportInvalidError(this.problems, this.problemCount);
    return this.checked;
  }
}

// The domain's own rule for codes, so the import accepts exactly what registration accepts.
function isSkuCode(code: string): boolean {
  try {
    SkuCode.of(code);
    return true;
  } catch (error) {
    if (error instanceof ValidationError) return false;
    throw error;
  }
}
