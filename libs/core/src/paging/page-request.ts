import { ValidationError } from '../errors/validation.error.js';

/** Sort direction. */
export type SortDirection = 'asc' | 'desc';

/** One sort key. */
export interface SortOrder<F extends string = string> {
  readonly field: F;
  readonly direction: SortDirection;
}

/** Raw paging input, e.g. from a query string. */
export interface PageRequestInput {
  /** 1-based page number. @default 1 */
  readonly page?: number | string;
  /** Items per page, 1–100. @default 20 */
  readonly size?: number | string;
  /** `name`, `-createdAt`, `name:desc` or several joined by commas. @default no sort */
  readonly sort?: string | readonly string[];
}

/** Limits of {@link PageRequest}. */
export const PAGE_SIZE_MAX = 100;
/** The page size when none is given. */
export const PAGE_SIZE_DEFAULT = 20;

const SORT_TOKEN = /^(-)?([A-Za-z_][A-Za-z0-9_]*)(?::(asc|desc))?$/i;

/**
 * A validated page request: page ≥ 1, size 1–100 and sort fields from a whitelist. Invalid input
 * raises {@link ValidationError} before anything reaches the database; sort fields never come
 * from the caller unchecked (no ORDER BY injection).
 */
export class PageRequest<F extends string = string> {
  private constructor(
    /** 1-based page number. */
    readonly page: number,
    /** Items per page. */
    readonly size: number,
    /** Sort keys, in priority order. */
    readonly sort: readonly SortOrder<F>[],
  ) {
    Object.freeze(this);
  }

  /**
   * Parses and validates raw input.
   * @param sortable the fields a caller may sort by; any other raises `SORT_FIELD_NOT_ALLOWED`.
   */
  static of<F extends string>(input: PageRequestInput = {}, sortable: readonly F[] = []): PageRequest<F> {
    const page = toInteger('page', input.page ?? 1, 1, Number.MAX_SAFE_INTEGER);
    const size = toInteger('size', input.size ?? PAGE_SIZE_DEFAULT, 1, PAGE_SIZE_MAX);
    const sort = parseSort(input.sort).map(({ field, direction }) => {
      if (!(sortable as readonly string[]).includes(field)) {
        throw new ValidationError('SORT_FIELD_NOT_ALLOWED', { field, allowed: [...sortable] });
      }
      return { field: field as F, direction };
    });
    return new PageRequest(page, size, sort);
  }

  /** Rows to skip. */
  get offset(): number {
    return (this.page - 1) * this.size;
  }

  /** Checks the sort fields against a (possibly narrower) whitelist. */
  assertSortable(sortable: readonly string[]): void {
    for (const { field } of this.sort) {
      if (!sortable.includes(field)) {
        throw new ValidationError('SORT_FIELD_NOT_ALLOWED', { field, allowed: [...sortable] });
      }
    }
  }
}

function toInteger(field: string, raw: number | string, min: number, max: number): number {
  const value = typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ValidationError('PAGE_REQUEST_OUT_OF_RANGE', { field, value: raw, min, max });
  }
  return value;
}

function parseSort(sort: PageRequestInput['sort']): SortOrder[] {
  if (sort === undefined) return [];
  const tokens = (typeof sort === 'string' ? [sort] : sort)
    .flatMap((part) => part.split(','))
    .map((token) => token.trim())
    .filter((token) => token !== '');
  return tokens.map((token) => {
    const match = SORT_TOKEN.exec(token);
    if (!match || (match[1] && match[3])) throw new ValidationError('SORT_INVALID', { sort: token });
    const direction = match[1] ? 'desc' : ((match[3]?.toLowerCase() ?? 'asc') as SortDirection);
    return { field: match[2] as string, direction };
  });
}
