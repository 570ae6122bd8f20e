import { comparePositions, formatPosition, parsePosition, type Position } from '../src/runtime/position.js';

describe('projector positions', () => {
  it('orders outbox positions by transaction, then sequence', () => {
    const sorted: Position[] = [
      [1n, 900n],
      [2n, 5n],
      [2n, 99n],
      [2n, 100n],
      [10n, 1n],
    ];
    const shuffled = [sorted[3]!, sorted[0]!, sorted[4]!, sorted[2]!, sorted[1]!];
    expect([...shuffled].sort(comparePositions)).toEqual(sorted);
  });

  it('compares numerically, not as text', () => {
    expect(comparePositions([100n], [99n])).toBe(1);
    expect(comparePositions([99n], [100n])).toBe(-1);
    expect(comparePositions(parsePosition('12:100'), parsePosition('12:99'))).toBe(1);
    expect(comparePositions([18446744073709551615n, 1n], [18446744073709551614n, 2n])).toBe(1);
  });

  it('says equal only for equal positions', () => {
    expect(comparePositions([7n, 3n], [7n, 3n])).toBe(0);
    expect(comparePositions([0n], [0n])).toBe(0);
    expect(comparePositions([], [])).toBe(0);
  });

  it('puts a missing position before any real one', () => {
    expect(comparePositions([0n], [])).toBe(1);
    expect(comparePositions([], [0n, 0n])).toBe(-1);
    expect(comparePositions([5n], [5n, 0n])).toBe(-1);
  });

  it('round-trips through text', () => {
    for (const position of [[0n], [42n], [812n, 40211n], [18446744073709551615n, 9223372036854775807n]]) {
      const text = formatPosition(position);
      expect(parsePosition(text)).toEqual(position);
    }
    expect(formatPosition([812n, 40211n])).toBe('812:40211');
  });

  it('refuses text that is not a position', () => {
    for (const text of ['', ':', '1:', ':1', '1::2', '-1', '1.5', 'a', '1:b', ' 1', '1 '])
      expect(() => parsePosition(text)).toThrow(TypeError);
  });
});
