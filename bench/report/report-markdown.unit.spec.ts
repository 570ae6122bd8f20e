import type { BenchReport } from './bench-report.js';
import { headlineEntries } from './headline.js';
import { latestJson } from './latest-json.js';
import { renderBenchReport } from './report-markdown.js';
import type { ScenarioOutcome } from './scenario-outcome.js';
import { FRESH, latency, RUN_STARTED_AT, STALE, throughputFigure } from './test/report-fixtures.js';

const outcomes: ScenarioOutcome[] = [
  {
    name: 'uow',
    status: 'ran',
    run: { exitCode: 0, signal: null, durationMs: 14_200 },
    resultsFinishedAt: FRESH,
    notes: [],
    figures: [throughputFigure('uow', 600, 1_000)],
    latencies: [latency('uow', 'ddd-kit', 6.5, 28)],
  },
  {
    name: 'relay',
    status: 'failed',
    run: { exitCode: 1, signal: null, durationMs: 3_000 },
    resultsFinishedAt: STALE,
    problem: 'exited with code 1',
    notes: [],
    figures: [],
    latencies: [],
  },
  {
    name: 'cache',
    status: 'earlier',
    resultsFinishedAt: STALE,
    notes: ['a quick run (fewer rounds or less load): not a final figure'],
    figures: [throughputFigure('cache', 400, 1_000)],
    latencies: [],
  },
  {
    name: 'peer',
    status: 'ran',
    run: { exitCode: 0, signal: null, durationMs: 1_000 },
    resultsFinishedAt: FRESH,
    notes: ['the peer produced no result:\nError: Cannot find module'],
    figures: [],
    latencies: [],
  },
];

const report: BenchReport = {
  startedAt: RUN_STARTED_AT,
  finishedAt: FRESH,
  mode: 'only',
  environment: { node: 'v24.21.0', postgres: '15.20', cpu: 'AMD EPYC', cpuCount: 2 },
  git: { commit: 'abc1234', dirty: true },
  outcomes,
  headline: headlineEntries(outcomes),
  charts: [
    { path: 'charts/ratios.svg', title: 'ddd-kit ÷ baseline, every figure' },
    { path: 'charts/latency-uow.svg', title: 'uow: latency per path', scenario: 'uow' },
  ],
  files: {
    uow: { json: true, analysis: true },
    relay: { json: true, analysis: false },
    cache: { json: true, analysis: true },
  },
};

describe('renderBenchReport', () => {
  const markdown = renderBenchReport(report);

  it('says when, where and on which code it ran', () => {
    expect(markdown).toContain('2026-11-21 10:00 UTC to 2026-11-21 10:01 UTC');
    expect(markdown).toContain('working tree with uncommitted changes over commit `abc1234`');
    expect(markdown).toContain('Node v24.21.0, PostgreSQL 15.20, AMD EPYC × 2');
  });

  it('shows a failed scenario as failed, without the results it left on disk', () => {
    expect(markdown).toContain('relay **failed**');
    expect(markdown).toContain(
      '**Failed** after 3 s: exited with code 1. The results on disk (finished 2026-11-20 09:00 UTC) are not shown.',
    );
    expect(markdown).toContain('**Not every target is met**');
  });

  it('dates a scenario taken from an earlier run', () => {
    expect(markdown).toContain('Not run this time: from an earlier run, 2026-11-20 09:00 UTC.');
  });

  it('prints the reason a scenario gives for having no figures, error output as a text block', () => {
    expect(markdown).toContain(
      'Note:\n\n```text\nthe peer produced no result:\nError: Cannot find module\n```',
    );
    expect(markdown).toMatch(
      /\| peer +\| \*\*no figures\*\*: the peer produced no result: Error: Cannot find module/,
    );
    expect(markdown).toContain('Note: a quick run (fewer rounds or less load): not a final figure.');
  });

  it('embeds the charts and links each scenario’s own files relatively', () => {
    expect(markdown).toContain('![ddd-kit ÷ baseline, every figure](charts/ratios.svg)');
    expect(markdown).toContain('![uow: latency per path](charts/latency-uow.svg)');
    expect(markdown).toContain('Analysis: [uow.md](uow.md) · data: [uow.json](uow.json).');
    expect(markdown).toContain('Data: [relay.json](relay.json).');
    expect(markdown).toMatch(/\| ddd-kit +\| request → response \| +1,000 \| +6\.50 \|/);
  });
});

describe('latestJson', () => {
  it('records each scenario’s status, duration and results date, and the whole headline', () => {
    const json = latestJson(report);

    expect(json).toMatchObject({
      startedAt: '2026-11-21T10:00:00.000Z',
      mode: 'only',
      git: { commit: 'abc1234', dirty: true },
      allTargetsMet: false,
    });
    expect(json['scenarios']).toContainEqual(
      expect.objectContaining({
        name: 'relay',
        status: 'failed',
        exitCode: 1,
        durationMs: 3_000,
        resultsFinishedAt: '2026-11-20T09:00:00.000Z',
        figures: [],
      }),
    );
    expect(json['headline']).toHaveLength(4);
  });
});
