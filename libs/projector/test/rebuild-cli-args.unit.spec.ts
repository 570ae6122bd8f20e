import { parseRebuildCliArgs, RebuildCliUsageError } from '../src/cli/rebuild-cli-args.js';

describe('parseRebuildCliArgs', () => {
  it('reads a projector name', () => {
    expect(parseRebuildCliArgs(['stock-levels'])).toEqual({ kind: 'rebuild', projector: 'stock-levels' });
  });

  it('reads a tenant, before or after the name, with or without =', () => {
    const expected = { kind: 'rebuild', projector: 'stock-levels', tenantId: 'acme' };
    expect(parseRebuildCliArgs(['stock-levels', '--tenant', 'acme'])).toEqual(expected);
    expect(parseRebuildCliArgs(['--tenant', 'acme', 'stock-levels'])).toEqual(expected);
    expect(parseRebuildCliArgs(['stock-levels', '--tenant=acme'])).toEqual(expected);
  });

  it('answers help whatever else is there', () => {
    for (const argv of [['--help'], ['-h'], ['stock-levels', '--help'], ['--bogus', '-h']])
      expect(parseRebuildCliArgs(argv)).toEqual({ kind: 'help' });
  });

  it.each([
    [[], /Name the projector/],
    [['a', 'b'], /Name one projector, got: a b/],
    [['stock-levels', '--tenant'], /--tenant needs a tenant id/],
    [['stock-levels', '--tenant', '--other'], /--tenant needs a tenant id/],
    [['stock-levels', '--tenant='], /--tenant needs a tenant id/],
    [['stock-levels', '--tenant', '  '], /--tenant needs a tenant id/],
    [['stock-levels', '--tenant', 'a', '--tenant', 'b'], /--tenant may be given once/],
    [['stock-levels', '--force'], /Unknown option --force/],
    [['--tenant', 'acme'], /Name the projector/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseRebuildCliArgs(argv)).toThrow(RebuildCliUsageError);
    expect(() => parseRebuildCliArgs(argv)).toThrow(message);
  });
});
