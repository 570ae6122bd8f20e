import { readResultsContents } from './results-file-contents.js';
import { judgeScenario } from './scenario-outcome.js';
import {
  exited,
  FRESH,
  latency,
  resultsFile,
  RUN_STARTED_AT,
  STALE,
  throughputFigure,
} from './test/report-fixtures.js';

const figures = [throughputFigure('relay', 700, 1_000)];
const latencies = [latency('relay', 'relay', 9, 40)];

describe('judgeScenario', () => {
  it('keeps the figures of a scenario that ran and rewrote its results', () => {
    const outcome = judgeScenario({
      name: 'relay',
      runStartedAt: RUN_STARTED_AT,
      run: exited(0),
      file: resultsFile({ figures, latencies }),
    });

    expect(outcome).toMatchObject({ status: 'ran', resultsFinishedAt: FRESH, figures, latencies });
    expect(outcome.problem).toBeUndefined();
  });

  it('fails a scenario that exited with an error, and drops the results it left behind', () => {
    const outcome = judgeScenario({
      name: 'relay',
      runStartedAt: RUN_STARTED_AT,
      run: exited(1),
      file: resultsFile({ figures, latencies }),
    });

    expect(outcome).toMatchObject({ status: 'failed', problem: 'exited with code 1', figures: [] });
    expect(outcome.latencies).toEqual([]);
  });

  it('fails a scenario killed by a signal', () => {
    const outcome = judgeScenario({
      name: 'http',
      runStartedAt: RUN_STARTED_AT,
      run: { exitCode: null, signal: 'SIGKILL', durationMs: 5 },
      file: resultsFile({ figures }),
    });

    expect(outcome).toMatchObject({ status: 'failed', problem: 'killed by SIGKILL', figures: [] });
  });

  it('fails a scenario that exited 0 without rewriting its results, never showing the old ones', () => {
    const outcome = judgeScenario({
      name: 'cache',
      runStartedAt: RUN_STARTED_AT,
      run: exited(0),
      file: resultsFile({ finishedAt: STALE, figures }),
    });

    expect(outcome.status).toBe('failed');
    expect(outcome.problem).toContain('did not rewrite bench/results/cache.json');
    expect(outcome.figures).toEqual([]);
  });

  it('fails a scenario that exited 0 but left no results file', () => {
    const outcome = judgeScenario({
      name: 'peer',
      runStartedAt: RUN_STARTED_AT,
      run: exited(0),
      file: { kind: 'absent' },
    });

    expect(outcome.status).toBe('failed');
    expect(outcome.problem).toBe('exited with code 0 but wrote no bench/results/peer.json');
  });

  it('reports a scenario not run this time from its last results, dated', () => {
    const outcome = judgeScenario({
      name: 'uow',
      runStartedAt: RUN_STARTED_AT,
      run: undefined,
      file: resultsFile({ finishedAt: STALE, figures }),
    });

    expect(outcome).toMatchObject({ status: 'earlier', resultsFinishedAt: STALE, figures });
  });

  it('calls a scenario missing when it was not run and has no results', () => {
    const outcome = judgeScenario({
      name: 'peer',
      runStartedAt: RUN_STARTED_AT,
      run: undefined,
      file: { kind: 'absent' },
    });

    expect(outcome).toMatchObject({ status: 'missing', figures: [] });
    expect(outcome.problem).toContain('bench/results/peer.json does not exist');
  });

  it('says so, without failing, when the results predate the common figures', () => {
    const outcome = judgeScenario({
      name: 'relay',
      runStartedAt: RUN_STARTED_AT,
      run: undefined,
      file: {
        kind: 'read',
        contents: readResultsContents({ finishedAt: STALE.toISOString(), throughput: {} }),
      },
    });

    expect(outcome).toMatchObject({
      status: 'earlier',
      notes: ['no figures yet (results predate the common format)'],
      figures: [],
    });
  });

  it('passes on the reason a scenario gives for having no figures', () => {
    const outcome = judgeScenario({
      name: 'peer',
      runStartedAt: RUN_STARTED_AT,
      run: exited(0),
      file: resultsFile({ figures: [], reason: 'the peer package is not installed' }),
    });

    expect(outcome).toMatchObject({ status: 'ran', notes: ['the peer package is not installed'] });
  });
});

describe('readResultsContents', () => {
  it('keeps well-formed figures and counts the malformed ones', () => {
    const contents = readResultsContents({
      finishedAt: FRESH.toISOString(),
      figures: [...figures, { scenario: 'relay', label: 'ratio of nothing', ratio: null }],
      latencies,
      figuresOmitted: 'the peer produced no result',
      peerUnavailableReason: 'npm install failed',
      failures: ['peer: exit 1'],
      quick: true,
    });

    expect(contents).toEqual({
      finishedAt: FRESH,
      figures,
      latencies,
      malformed: 1,
      reason: 'the peer produced no result',
      failures: 1,
      quick: true,
    });
  });

  it('reads a file without the common fields, or that is not an object, as having none', () => {
    expect(readResultsContents({ finishedAt: 'not a date' })).toEqual({
      finishedAt: undefined,
      figures: undefined,
      latencies: undefined,
      malformed: 0,
      reason: undefined,
      failures: 0,
      quick: false,
    });
    expect(readResultsContents([1, 2]).figures).toBeUndefined();
  });
});
