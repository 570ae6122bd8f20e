import { quoteIdentifier, rebuildSchemaOf } from '../src/rebuild/rebuild-schema.js';

describe('rebuild schema names', () => {
  it('are stable, readable and plain identifiers', () => {
    const schema = rebuildSchemaOf('stock-levels');
    expect(schema).toBe(rebuildSchemaOf('stock-levels'));
    expect(schema).toMatch(/^ddd_rebuild_stock_levels_[0-9a-f]{10}$/);
  });

  it('differ per projector and per tenant, also where the readable part collides', () => {
    const names = [
      rebuildSchemaOf('stock-levels'),
      rebuildSchemaOf('stock_levels'),
      rebuildSchemaOf('stock.levels'),
      rebuildSchemaOf('Stock-Levels'),
      rebuildSchemaOf('stock-levels', 't-1'),
      rebuildSchemaOf('stock-levels', 't-2'),
      rebuildSchemaOf('stock-levels', ''),
    ];
    expect(new Set(names).size).toBe(names.length - 1);
    // No tenant and an empty tenant are the same rebuild: the whole model.
    expect(rebuildSchemaOf('stock-levels', '')).toBe(rebuildSchemaOf('stock-levels'));
  });

  it('fit PostgreSQL’s 63-character limit for the longest projector names and any tenant', () => {
    const longest = 'a'.repeat(63);
    for (const schema of [rebuildSchemaOf(longest), rebuildSchemaOf(longest, 'x'.repeat(500))]) {
      expect(schema.length).toBeLessThanOrEqual(63);
      expect(schema).toMatch(/^[a-z0-9_]+$/);
    }
    expect(rebuildSchemaOf(`${'a'.repeat(40)}-1`)).not.toBe(rebuildSchemaOf(`${'a'.repeat(40)}-2`));
  });

  it('keep tenant ids out of the name', () => {
    expect(rebuildSchemaOf('stock-levels', 'acme"; drop table x; --')).toMatch(
      /^ddd_rebuild_stock_levels_[0-9a-f]{10}$/,
    );
  });
});

describe('quoteIdentifier', () => {
  it('quotes, doubling embedded quotes', () => {
    expect(quoteIdentifier('stock_levels')).toBe('"stock_levels"');
    expect(quoteIdentifier('Mixed Case')).toBe('"Mixed Case"');
    expect(quoteIdentifier('a"b')).toBe('"a""b"');
    expect(quoteIdentifier('""')).toBe('""""""');
  });
});
