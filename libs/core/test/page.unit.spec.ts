import { Page, PageRequest } from '@ddd-kit/core';

describe('Page', () => {
  it('of() takes page and size from the request', () => {
    const page = Page.of(['a', 'b'], 42, PageRequest.of({ page: 3, size: 2 }));

    expect(page).toMatchObject({ items: ['a', 'b'], total: 42, page: 3, size: 2 });
  });

  it.each([
    [0, 20, 0],
    [1, 20, 1],
    [40, 20, 2],
    [41, 20, 3],
    [100, 100, 1],
  ])('has %i items over pages of %i: %i pages', (total, size, pages) => {
    expect(new Page([], total, 1, size).pages).toBe(pages);
  });

  it('map() transforms the items into a new page and keeps the totals', () => {
    const page = new Page([1, 2, 3], 13, 2, 3);

    const mapped = page.map((n) => `#${n}`);

    expect(mapped).toBeInstanceOf(Page);
    expect(mapped).not.toBe(page);
    expect(mapped).toMatchObject({ items: ['#1', '#2', '#3'], total: 13, page: 2, size: 3 });
    expect(mapped.pages).toBe(5);
    expect(page.items).toEqual([1, 2, 3]);
  });

  it('serializes to items, total, page and size', () => {
    const page = new Page([{ id: 'x' }], 1, 1, 20);

    expect(page.toJSON()).toEqual({ items: [{ id: 'x' }], total: 1, page: 1, size: 20 });
    expect(JSON.parse(JSON.stringify(page))).toEqual({ items: [{ id: 'x' }], total: 1, page: 1, size: 20 });
  });
});
