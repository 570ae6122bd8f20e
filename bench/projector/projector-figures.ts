import { benchFigure, type BenchFigures } from '../shared/bench-figures.js';
import { formatCount } from '../shared/report-format.js';
import type { CatchUpResult, LiveLagResult } from './projector-results.js';

/** The ddd-kit path's name in the report. */
export const DDD_KIT_LABEL = 'ddd-kit ProjectorModule (outbox source)';
/** The baseline's name: the raw loop with the same bookkeeping as the library. */
export const RAW_LABEL = 'raw pg loop (checkpoint + applied ids)';
/** The lighter raw loop, shown in the details only. */
export const RAW_CHECKPOINT_ONLY_LABEL = 'raw pg loop (checkpoint only)';

/**
 * The common figures of the projector bench (no targets: the issue states none): catch-up rate
 * beside the raw loop with the same bookkeeping, and live lag p99 beside the raw loop at the same
 * rate; the latencies are both live distributions, every run's samples together.
 */
export function projectorFigures(catchUp: CatchUpResult, live: LiveLagResult): BenchFigures {
  const figures = [
    benchFigure({
      scenario: 'projector',
      label: `catch-up ${formatCount(catchUp.events)} events`,
      unit: 'events/s',
      value: catchUp.dddKit.medianPerSecond,
      baselineLabel: RAW_LABEL,
      baselineValue: catchUp.raw.medianPerSecond,
      higherIsBetter: true,
    }),
    benchFigure({
      scenario: 'projector',
      label: `live lag p99 at ${formatCount(live.load.eventsPerSecond)} events/s`,
      unit: 'ms',
      value: live.dddKit.pooled.p99,
      baselineLabel: RAW_LABEL,
      baselineValue: live.raw.pooled.p99,
      higherIsBetter: false,
    }),
  ];
  return { figures, latencies: [live.dddKit.pooled, live.raw.pooled] };
}
