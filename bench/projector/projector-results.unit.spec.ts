import { withPgPlaceholders } from './fixture/account-balances.read-model.js';
import type { ProjectorPhases } from './projector-probe.js';
import { libraryProfile } from './projector-results.js';

const PHASES: ProjectorPhases = {
  batches: 10,
  applied: 2_000,
  parked: 0,
  sourceCheckpointMs: 10,
  readMs: 20,
  horizonChecks: 1,
  horizonMs: 1,
  applyMs: 500,
  lockMs: 5,
  checkpointMs: 5,
  dedupeMs: 20,
  parkedLanesMs: 10,
  saveCheckpointMs: 10,
  statements: 2_050,
};

describe('projector bench results', () => {
  it('numbers the placeholders of a MikroORM statement for node-postgres', () => {
    expect(withPgPlaceholders('insert into t (a, b) values (?, ?) on conflict do update set c = ?')).toBe(
      'insert into t (a, b) values ($1, $2) on conflict do update set c = $3',
    );
  });

  it('profiles a batch as the apply time left after the bookkeeping statements', () => {
    const profile = libraryProfile(
      [PHASES, { ...PHASES, applyMs: 700 }, { ...PHASES, applyMs: 600 }],
      [800, 900, 1_000],
    );
    // Median apply 600 ms over 10 batches, minus 50 ms of bookkeeping over 10 batches.
    expect(profile).toMatchObject({
      batches: 10,
      applyMs: 60,
      handlersAndCommitMs: 55,
      wallMs: 90,
      statements: 205,
    });
  });
});
