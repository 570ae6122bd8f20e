import { Specification, type Filter } from '@ddd-kit/core';

interface Item {
  sku: string;
  quantity: number;
  active: boolean;
}

const inStock = Specification.where<Item>({ quantity: { $gt: 0 } }, (item) => item.quantity > 0);
const active = Specification.where<Item>({ active: true }, (item) => item.active);
const isWidget = Specification.where<Item>({ sku: { $like: 'W-%' } }, (item) => item.sku.startsWith('W-'));

const item = (sku: string, quantity: number, isActive: boolean): Item => ({
  sku,
  quantity,
  active: isActive,
});
const items = [item('W-1', 3, true), item('W-2', 0, true), item('G-1', 5, false), item('G-2', 0, false)];

const skusOf = (spec: Specification<Item>) => items.filter((i) => spec.isSatisfiedBy(i)).map((i) => i.sku);

/** A hand-written specification, as a bounded context would declare one. */
class Reorderable extends Specification<Item> {
  isSatisfiedBy(candidate: Item): boolean {
    return candidate.active && candidate.quantity < 2;
  }
  toFilter(): Filter<Item> {
    return { active: true, quantity: { $lt: 2 } };
  }
}

describe('Specification', () => {
  it('where() evaluates the predicate in memory and returns the filter as given', () => {
    expect(skusOf(inStock)).toEqual(['W-1', 'G-1']);
    expect(inStock.toFilter()).toEqual({ quantity: { $gt: 0 } });
  });

  it('all() is satisfied by every candidate and filters nothing', () => {
    const all = Specification.all<Item>();
    expect(skusOf(all)).toEqual(['W-1', 'W-2', 'G-1', 'G-2']);
    expect(all.toFilter()).toEqual({});
  });

  it('and() holds only when both rules hold and produces $and', () => {
    const spec = inStock.and(active);

    expect(skusOf(spec)).toEqual(['W-1']);
    expect(spec.toFilter()).toEqual({ $and: [{ quantity: { $gt: 0 } }, { active: true }] });
  });

  it('or() holds when either rule holds and produces $or', () => {
    const spec = inStock.or(active);

    expect(skusOf(spec)).toEqual(['W-1', 'W-2', 'G-1']);
    expect(spec.toFilter()).toEqual({ $or: [{ quantity: { $gt: 0 } }, { active: true }] });
  });

  it('not() inverts the rule and produces $not', () => {
    const spec = inStock.not();

    expect(skusOf(spec)).toEqual(['W-2', 'G-2']);
    expect(spec.toFilter()).toEqual({ $not: { quantity: { $gt: 0 } } });
  });

  it('not().not() returns the original specification', () => {
    expect(inStock.not().not()).toBe(inStock);
  });

  it('flattens chained and() into one $and', () => {
    const spec = inStock.and(active).and(isWidget);

    expect(skusOf(spec)).toEqual(['W-1']);
    expect(spec.toFilter()).toEqual({
      $and: [{ quantity: { $gt: 0 } }, { active: true }, { sku: { $like: 'W-%' } }],
    });
  });

  it('flattens chained or() into one $or', () => {
    const spec = inStock.or(active).or(isWidget);

    expect(skusOf(spec)).toEqual(['W-1', 'W-2', 'G-1']);
    expect(spec.toFilter()).toEqual({
      $or: [{ quantity: { $gt: 0 } }, { active: true }, { sku: { $like: 'W-%' } }],
    });
  });

  it('nests mixed combinators in the order they were applied', () => {
    const spec = inStock.and(active).or(isWidget.not());

    expect(skusOf(spec)).toEqual(['W-1', 'G-1', 'G-2']);
    expect(spec.toFilter()).toEqual({
      $or: [{ $and: [{ quantity: { $gt: 0 } }, { active: true }] }, { $not: { sku: { $like: 'W-%' } } }],
    });
  });

  it('combines hand-written subclasses with the built-in combinators', () => {
    const spec = new Reorderable().and(isWidget);

    expect(skusOf(spec)).toEqual(['W-2']);
    expect(spec.toFilter()).toEqual({
      $and: [{ active: true, quantity: { $lt: 2 } }, { sku: { $like: 'W-%' } }],
    });
  });
});
