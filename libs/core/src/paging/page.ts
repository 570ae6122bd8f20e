import type { PageRequest } from './page-request.js';

/** One page of results and the total across all pages. */
export class Page<T> {
  constructor(
    /** The items on this page. */
    readonly items: readonly T[],
    /** Items across all pages. */
    readonly total: number,
    /** 1-based page number. */
    readonly page: number,
    /** Requested page size. */
    readonly size: number,
  ) {}

  /** A page built from its request. */
  static of<T>(items: readonly T[], total: number, request: PageRequest): Page<T> {
    return new Page(items, total, request.page, request.size);
  }

  /** Number of pages. */
  get pages(): number {
    return Math.ceil(this.total / this.size);
  }

  /** Same page, items mapped (e.g. aggregates to DTOs). */
  map<U>(fn: (item: T) => U): Page<U> {
    return new Page(this.items.map(fn), this.total, this.page, this.size);
  }

  toJSON(): { items: readonly T[]; total: number; page: number; size: number } {
    return { items: this.items, total: this.total, page: this.page, size: this.size };
  }
}
