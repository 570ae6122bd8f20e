import type { TopLevelSpec } from 'vega-lite';
import type { HeadlineEntry } from './headline.js';

/** One bar of the ratio chart. */
interface RatioDatum {
  readonly scenario: string;
  /** `uow · flush 100 aggregates`: unique, and tells the scenario even without the colour. */
  readonly figure: string;
  readonly ratio: number;
  /** The `minRatio` target, drawn as a tick on the bar. */
  readonly threshold?: number;
  /** `0.53× ✓`: the ratio, and whether its target was met. */
  readonly caption: string;
  /** Where the caption starts: past the bar, and past the target tick when the bar falls short. */
  readonly captionAt: number;
}

/** Above this spread of ratios (largest ÷ smallest), the axis is logarithmic. */
const LOG_SCALE_FROM_SPREAD = 8;

/**
 * Linear from 0 while the ratios are of one order; logarithmic when one figure is many times its
 * baseline (the peer comparison's latencies), so the others do not shrink to slivers. On a log
 * axis 2× and 0.5× sit equally far from parity, which is how ratios should read anyway.
 */
function ratioScale(values: readonly RatioDatum[]) {
  const ends = values.flatMap((value) => [value.ratio, value.threshold ?? value.ratio, 1]);
  const positive = ends.filter((ratio) => ratio > 0);
  const largest = Math.max(...ends);
  if (positive.length === ends.length && largest / Math.min(...positive) > LOG_SCALE_FROM_SPREAD) {
    const smallest = Math.min(...positive) / 1.5;
    // A log axis has no zero: the bars start at its left end.
    return {
      title: 'ratio (log scale)',
      scale: { type: 'log' as const, domain: [smallest, largest * 2], nice: false },
      barStart: smallest,
    };
  }
  // Room right of the longest bar and of parity for the captions.
  return { title: 'ratio', scale: { domain: [0, largest * 1.15] }, barStart: 0 };
}

/**
 * A horizontal bar per figure: ddd-kit ÷ baseline, oriented so above 1 is better; bars coloured
 * by scenario, a dashed rule at 1 (parity), a black tick at each `minRatio` target, and the ratio
 * with ✓ or ✗ beside each bar that has a target. Figures with a non-finite ratio are left out.
 */
export function ratioChartSpec(entries: readonly HeadlineEntry[]): TopLevelSpec {
  const values: RatioDatum[] = entries.flatMap((entry) => {
    if (entry.kind !== 'figure' || !Number.isFinite(entry.figure.ratio)) return [];
    const { figure } = entry;
    const threshold = figure.target?.kind === 'minRatio' ? figure.target.threshold : undefined;
    const verdict = entry.met === undefined ? '' : entry.met ? ' ✓' : ' ✗';
    return [
      {
        scenario: entry.scenario,
        figure: `${entry.scenario} · ${figure.label}`,
        ratio: figure.ratio,
        ...(threshold !== undefined && { threshold }),
        caption: `${figure.ratio.toFixed(2)}×${verdict}`,
        captionAt: Math.max(figure.ratio, threshold ?? 0),
      },
    ];
  });
  const scenarios = [...new Set(values.map((value) => value.scenario))];
  const scale = ratioScale(values);
  const y = { field: 'figure', type: 'nominal', sort: null, title: null, axis: { labelLimit: 640 } } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: 'ddd-kit ÷ baseline, same run (above 1 = ddd-kit better)',
      subtitle: 'dashed line: parity; black tick: target; ✓ met, ✗ missed',
    },
    data: { values },
    width: 480,
    height: { step: 22 },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          y,
          x: { field: 'ratio', type: 'quantitative', title: scale.title, scale: scale.scale },
          x2: { datum: scale.barStart },
          color: {
            field: 'scenario',
            type: 'nominal',
            scale: { domain: scenarios },
            legend: { title: 'scenario' },
          },
        },
      },
      {
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 11 },
        encoding: { y, x: { field: 'captionAt', type: 'quantitative' }, text: { field: 'caption' } },
      },
      {
        transform: [{ filter: 'isValid(datum.threshold)' }],
        mark: { type: 'tick', color: 'black', thickness: 2 },
        encoding: { y, x: { field: 'threshold', type: 'quantitative' } },
      },
      {
        data: { values: [{ parity: 1 }] },
        mark: { type: 'rule', strokeDash: [4, 4], color: '#444' },
        encoding: { x: { field: 'parity', type: 'quantitative' } },
      },
    ],
  };
}
