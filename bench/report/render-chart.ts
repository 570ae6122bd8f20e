import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/**
 * Renders a vega-lite spec to SVG headless (`renderer: 'none'`, no canvas package: text widths
 * are estimated). The output holds nothing but the spec's data, so the same data gives the same
 * bytes and re-runs diff cleanly.
 */
export async function renderChartSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
