import { allTargetsMet, headlineEntries, renderHeadlineTable } from './headline.js';
import type { ScenarioOutcome } from './scenario-outcome.js';
import { FRESH, latencyFigure, STALE, throughputFigure } from './test/report-fixtures.js';

const met = throughputFigure('relay', 700, 1_000);
const missed = throughputFigure('relay', 300, 1_000);
const faster = latencyFigure('http', 5, 10);

const ran = (name: string, figures: ScenarioOutcome['figures']): ScenarioOutcome => ({
  name,
  status: 'ran',
  run: { exitCode: 0, signal: null, durationMs: 1_000 },
  resultsFinishedAt: FRESH,
  notes: [],
  figures,
  latencies: [],
});

describe('headlineEntries', () => {
  it('gives one line per figure with its target verdict, and none for a figure without target', () => {
    const entries = headlineEntries([ran('relay', [met, missed]), ran('http', [faster])]);

    expect(entries).toEqual([
      { kind: 'figure', scenario: 'relay', status: 'ran', figure: met, met: true },
      { kind: 'figure', scenario: 'relay', status: 'ran', figure: missed, met: false },
      { kind: 'figure', scenario: 'http', status: 'ran', figure: faster },
    ]);
    expect(allTargetsMet(entries)).toBe(false);
    expect(allTargetsMet(entries.filter((entry) => entry !== entries[1]))).toBe(true);
  });

  it('keeps a failed, missing or figure-less scenario in the headline with its reason', () => {
    const entries = headlineEntries([
      {
        name: 'relay',
        status: 'failed',
        problem: 'exited with code 1',
        notes: [],
        figures: [],
        latencies: [],
      },
      { name: 'peer', status: 'missing', problem: 'no results yet', notes: [], figures: [], latencies: [] },
      {
        name: 'cache',
        status: 'earlier',
        resultsFinishedAt: STALE,
        notes: ['no figures yet (results predate the common format)'],
        figures: [],
        latencies: [],
      },
    ]);

    expect(entries).toEqual([
      { kind: 'no-figures', scenario: 'relay', status: 'failed', reason: 'exited with code 1' },
      { kind: 'no-figures', scenario: 'peer', status: 'missing', reason: 'no results yet' },
      {
        kind: 'no-figures',
        scenario: 'cache',
        status: 'earlier',
        reason: 'no figures yet (results predate the common format)',
      },
    ]);
    // A failure counts against the targets; a scenario not run this time does not.
    expect(allTargetsMet(entries)).toBe(false);
    expect(allTargetsMet(entries.slice(1))).toBe(true);
  });
});

describe('renderHeadlineTable', () => {
  it('renders scenario | figure | ddd-kit | baseline | ratio | target | met', () => {
    const table = renderHeadlineTable(
      headlineEntries([
        ran('relay', [met, missed]),
        { ...ran('http', [faster]), status: 'earlier', run: undefined, resultsFinishedAt: STALE },
        {
          name: 'peer',
          status: 'failed',
          problem: 'exited with code 3',
          notes: [],
          figures: [],
          latencies: [],
        },
      ]),
    );
    const lines = table.split('\n').map((line) => line.split('|').map((cell) => cell.trim()));

    expect(lines[0]).toEqual(['', 'scenario', 'figure', 'ddd-kit', 'baseline', 'ratio', 'target', 'met', '']);
    expect(lines[2]).toEqual([
      '',
      'relay',
      'drain 700',
      '700 events/s',
      'raw kafkajs: 1,000 events/s',
      '0.70×',
      '≥ 0.5× raw',
      '✓ met',
      '',
    ]);
    expect(lines[3]?.slice(5, 8)).toEqual(['0.30×', '≥ 0.5× raw', '✗ missed']);
    // Latency: lower is better, so half the baseline's time is a ratio of 2.
    expect(lines[4]).toEqual([
      '',
      'http (earlier run, 2026-11-20 09:00 UTC)',
      'p99',
      '5.00 ms',
      'raw Fastify + pg: 10.0 ms',
      '2.00×',
      '—',
      '—',
      '',
    ]);
    expect(lines[5]?.slice(1, 3)).toEqual(['peer', '**failed**: exited with code 3']);
  });

  it('keeps a pipe in a reason from breaking the table', () => {
    const table = renderHeadlineTable([
      { kind: 'no-figures', scenario: 'peer', status: 'ran', reason: 'a | b\nc' },
    ]);

    expect(table.split('\n')[2]).toContain('a \\| b c');
  });

  it('shortens a long reason, which the scenario section shows in full', () => {
    const table = renderHeadlineTable([
      { kind: 'no-figures', scenario: 'peer', status: 'ran', reason: 'x'.repeat(500) },
    ]);

    expect(table.split('\n')[2]).toContain(`${'x'.repeat(159)}… |`);
  });
});
