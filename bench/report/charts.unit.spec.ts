import { compile } from 'vega-lite';
import { headlineEntries } from './headline.js';
import { latencyChartSpec } from './latency-chart.js';
import { ratioChartSpec } from './ratio-chart.js';
import { renderChartSvg } from './render-chart.js';
import { FRESH, latency, latencyFigure, throughputFigure } from './test/report-fixtures.js';

const entries = headlineEntries([
  {
    name: 'relay',
    status: 'ran',
    resultsFinishedAt: FRESH,
    notes: [],
    figures: [throughputFigure('relay', 700, 1_000), throughputFigure('relay', 300, 1_000)],
    latencies: [],
  },
  { name: 'http', status: 'ran', notes: [], figures: [latencyFigure('http', 5, 10)], latencies: [] },
  { name: 'peer', status: 'failed', problem: 'exited with code 1', notes: [], figures: [], latencies: [] },
]);

/** The inline data of a compiled vega spec, by data set. */
function compiledData(spec: ReturnType<typeof ratioChartSpec>): unknown[] {
  const { data = [] } = compile(spec).spec;
  return data.flatMap((set): unknown[] =>
    'values' in set && Array.isArray(set.values) ? (set.values as unknown[]) : [],
  );
}

describe('ratioChartSpec', () => {
  it('compiles, with a bar per figure, the target on each targeted bar and its verdict', () => {
    const spec = ratioChartSpec(entries);

    expect(compiledData(spec)).toEqual(
      expect.arrayContaining([
        {
          scenario: 'relay',
          figure: 'relay · drain 700',
          ratio: 0.7,
          threshold: 0.5,
          caption: '0.70× ✓',
          captionAt: 0.7,
        },
        {
          scenario: 'relay',
          figure: 'relay · drain 300',
          ratio: 0.3,
          threshold: 0.5,
          caption: '0.30× ✗',
          captionAt: 0.5,
        },
        { scenario: 'http', figure: 'http · p99', ratio: 2, caption: '2.00×', captionAt: 2 },
        { parity: 1 },
      ]),
    );
  });

  it('turns the ratio axis logarithmic when a figure is many times its baseline, bars kept', async () => {
    const spec = ratioChartSpec(
      headlineEntries([
        {
          name: 'peer',
          status: 'ran',
          notes: [],
          figures: [latencyFigure('peer', 30, 330), throughputFigure('peer', 400, 1_000)],
          latencies: [],
        },
      ]),
    );

    const json = JSON.stringify(spec);
    expect(json).toContain('"type":"log"');
    // Bars start at the axis' left end: a log axis has no zero to start from.
    expect(json).toContain('"x2":{"datum":0.26666');
    await expect(renderChartSvg(spec)).resolves.toContain('ratio (log scale)');
  });

  it('renders to the same SVG bytes every time', async () => {
    const first = await renderChartSvg(ratioChartSpec(entries));
    const second = await renderChartSvg(ratioChartSpec(entries));

    expect(first.startsWith('<svg')).toBe(true);
    expect(first).toContain('relay · drain 700');
    expect(second).toBe(first);
  });
});

describe('latencyChartSpec', () => {
  it('compiles a dot per percentile and a range per path', () => {
    const spec = latencyChartSpec('http', [latency('http', 'ddd-kit', 2, 9), latency('http', 'raw', 1, 6)]);

    const data = compiledData(spec);
    expect(data).toContainEqual({ path: 'ddd-kit', p50: 2, max: 9 });
    expect(data).toContainEqual({ path: 'raw', percentile: 'p99', ms: 4 });
    expect(JSON.stringify(spec)).not.toContain('"log"');
  });

  it('turns the axis logarithmic when sub-millisecond paths sit beside a slow tail', async () => {
    const spec = latencyChartSpec('cache', [latency('cache', 'raw GET', 0.02, 25)]);

    expect(JSON.stringify(spec)).toContain('"type":"log"');
    await expect(renderChartSvg(spec)).resolves.toContain('ms (log scale)');
  });
});
