import {
  PAGE_SIZE_DEFAULT,
  PAGE_SIZE_MAX,
  PageRequest,
  ValidationError,
  type PageRequestInput,
} from '@ddd-kit/core';

const SORTABLE = ['name', 'createdAt', 'sku'] as const;

function captureError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

describe('PageRequest.of: page and size', () => {
  it('defaults to page 1 of 20 items, unsorted', () => {
    const request = PageRequest.of();

    expect(request).toMatchObject({ page: 1, size: 20, sort: [] });
    expect(request.offset).toBe(0);
    expect(PAGE_SIZE_DEFAULT).toBe(20);
    expect(PAGE_SIZE_MAX).toBe(100);
  });

  it('accepts integer strings as they come from a query string, trimming blanks', () => {
    expect(PageRequest.of({ page: '3', size: '25' })).toMatchObject({ page: 3, size: 25 });
    expect(PageRequest.of({ page: ' 2 ', size: '100' })).toMatchObject({ page: 2, size: 100 });
  });

  it('accepts the bounds: size 1 and size 100', () => {
    expect(PageRequest.of({ size: 1 }).size).toBe(1);
    expect(PageRequest.of({ size: PAGE_SIZE_MAX }).size).toBe(100);
  });

  it.each<[string, PageRequestInput, { field: string; value: unknown; min: number; max: number }]>([
    ['page 0', { page: 0 }, { field: 'page', value: 0, min: 1, max: Number.MAX_SAFE_INTEGER }],
    ['a negative page', { page: -1 }, { field: 'page', value: -1, min: 1, max: Number.MAX_SAFE_INTEGER }],
    ['page "-1"', { page: '-1' }, { field: 'page', value: '-1', min: 1, max: Number.MAX_SAFE_INTEGER }],
    ['page 1.5', { page: 1.5 }, { field: 'page', value: 1.5, min: 1, max: Number.MAX_SAFE_INTEGER }],
    ['page "2.5"', { page: '2.5' }, { field: 'page', value: '2.5', min: 1, max: Number.MAX_SAFE_INTEGER }],
    ['size 0', { size: 0 }, { field: 'size', value: 0, min: 1, max: 100 }],
    ['size 101', { size: 101 }, { field: 'size', value: 101, min: 1, max: 100 }],
    ['size "101"', { size: '101' }, { field: 'size', value: '101', min: 1, max: 100 }],
    ['size "ten"', { size: 'ten' }, { field: 'size', value: 'ten', min: 1, max: 100 }],
    ['size NaN', { size: Number.NaN }, { field: 'size', value: Number.NaN, min: 1, max: 100 }],
  ])('rejects %s with PAGE_REQUEST_OUT_OF_RANGE and its params', (_label, input, params) => {
    const error = captureError(() => PageRequest.of(input));

    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: 'PAGE_REQUEST_OUT_OF_RANGE', params });
  });

  it('computes the offset from page and size', () => {
    expect(PageRequest.of({ page: 3, size: 25 }).offset).toBe(50);
    expect(PageRequest.of({ page: 1, size: 25 }).offset).toBe(0);
  });

  it('is immutable', () => {
    const request = PageRequest.of({ sort: 'name' }, SORTABLE);
    expect(Object.isFrozen(request)).toBe(true);
  });
});

describe('PageRequest.of: sort', () => {
  it.each<[string, PageRequestInput['sort'], { field: string; direction: string }[]]>([
    ['a bare field ascending', 'name', [{ field: 'name', direction: 'asc' }]],
    ['a leading minus descending', '-name', [{ field: 'name', direction: 'desc' }]],
    ['an explicit :desc', 'name:desc', [{ field: 'name', direction: 'desc' }]],
    ['an explicit :asc in any case', 'name:ASC', [{ field: 'name', direction: 'asc' }]],
    [
      'a comma list in priority order',
      'name,-createdAt',
      [
        { field: 'name', direction: 'asc' },
        { field: 'createdAt', direction: 'desc' },
      ],
    ],
    [
      'an array, each item possibly a comma list',
      ['sku:desc', ' name , -createdAt '],
      [
        { field: 'sku', direction: 'desc' },
        { field: 'name', direction: 'asc' },
        { field: 'createdAt', direction: 'desc' },
      ],
    ],
    ['an empty string as no sort', '', []],
    ['empty items between commas as nothing', 'name,,', [{ field: 'name', direction: 'asc' }]],
  ])('parses %s', (_label, sort, expected) => {
    expect(PageRequest.of({ sort }, SORTABLE).sort).toEqual(expected);
  });

  it('rejects a field outside the whitelist with SORT_FIELD_NOT_ALLOWED', () => {
    const error = captureError(() => PageRequest.of({ sort: 'name,-password' }, SORTABLE));

    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({
      code: 'SORT_FIELD_NOT_ALLOWED',
      params: { field: 'password', allowed: ['name', 'createdAt', 'sku'] },
    });
  });

  it('rejects any sort field when no whitelist is given', () => {
    expect(captureError(() => PageRequest.of({ sort: 'name' }))).toMatchObject({
      code: 'SORT_FIELD_NOT_ALLOWED',
    });
  });

  it('matches whitelisted field names case-sensitively', () => {
    expect(captureError(() => PageRequest.of({ sort: 'Name' }, SORTABLE))).toMatchObject({
      code: 'SORT_FIELD_NOT_ALLOWED',
    });
  });

  it.each(['-name:asc', 'name:up', 'name:', ':desc', '--name', 'na me', '1name', 'name;drop table x', 'a.b'])(
    'rejects the malformed token %p with SORT_INVALID',
    (token) => {
      const error = captureError(() => PageRequest.of({ sort: `sku,${token}` }, SORTABLE));

      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ code: 'SORT_INVALID', params: { sort: token.trim() } });
    },
  );

  it('assertSortable checks the sort against a narrower whitelist', () => {
    const request = PageRequest.of({ sort: '-createdAt' }, SORTABLE);

    expect(() => request.assertSortable(['createdAt'])).not.toThrow();
    expect(captureError(() => request.assertSortable(['name']))).toMatchObject({
      code: 'SORT_FIELD_NOT_ALLOWED',
      params: { field: 'createdAt', allowed: ['name'] },
    });
  });
});
