import { parseRunOptions } from './run-options.js';

describe('parseRunOptions', () => {
  it('runs every scenario in the fixed order by default', () => {
    expect(parseRunOptions([])).toEqual({
      mode: 'all',
      run: ['uow', 'cache', 'relay', 'projector', 'http', 'peer'],
    });
  });

  it('runs a subset in the fixed order, whatever order --only names them in', () => {
    expect(parseRunOptions(['--only', 'relay,cache'])).toEqual({ mode: 'only', run: ['cache', 'relay'] });
    expect(parseRunOptions(['--only=peer', '--only', 'uow'])).toEqual({ mode: 'only', run: ['uow', 'peer'] });
  });

  it('runs nothing with --report-only', () => {
    expect(parseRunOptions(['--report-only'])).toEqual({ mode: 'report-only', run: [] });
  });

  it('rejects unknown scenarios and options, and both options at once', () => {
    expect(() => parseRunOptions(['--only', 'relay,kafka'])).toThrow('Unknown scenario "kafka"');
    expect(() => parseRunOptions(['--quick'])).toThrow("Unknown option '--quick'");
    expect(() => parseRunOptions(['--only', 'uow', '--report-only'])).toThrow('exclude each other');
  });
});
