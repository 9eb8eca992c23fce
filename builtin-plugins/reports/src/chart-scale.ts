import type { ChartSpec } from './report-meta.js';

export const palette = ['#2f6fb3', '#d9822b', '#3a9a5b', '#b23a48', '#7a5cb8', '#4f8f8f'];

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** 1, 2 or 5 times a power of ten, at least `raw`: steps a reader can add up. */
function niceStep(raw: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / magnitude;
  return (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * magnitude;
}

export interface ChartScale {
  /** Category labels along x (union of every series, in first-seen order). */
  readonly labels: string[];
  /** Top of the y axis: the last tick, at or above the largest value. */
  readonly max: number;
  /** y axis ticks from zero, evenly spaced by a round step. */
  readonly ticks: number[];
  /** Each tick's label, in the chart's unit, with as many decimals as the step needs (never two alike). */
  readonly tickLabels: string[];
}

export function chartScale(chart: ChartSpec): ChartScale {
  const labels: string[] = [];
  const seen = new Set<string>();
  let largest = 0;
  for (const series of chart.series) {
    for (const p of series.points) {
      if (!seen.has(p.x)) {
        seen.add(p.x);
        labels.push(p.x);
      }
      largest = Math.max(largest, p.y);
    }
  }
  // Bytes step in the unit the axis is labelled in (1 MiB, not 1,048,576 B); counts never in fractions.
  const unitIndex = chart.unit === 'bytes' ? Math.min(BYTE_UNITS.length - 1, Math.floor(Math.log(Math.max(largest, 1)) / Math.log(1024))) : 0;
  const scale = 1024 ** unitIndex;
  const scaled = largest > 0 ? largest / scale : 1;
  const step = chart.unit === 'count' ? Math.max(1, niceStep(scaled / 4)) : niceStep(scaled / 4);
  const count = Math.max(1, Math.ceil(scaled / step - 1e-9));
  const decimals = step >= 1 ? 0 : Math.min(6, Math.ceil(-Math.log10(step) - 1e-9));
  const ticks = Array.from({ length: count + 1 }, (_, i) => i * step * scale);
  const suffix = chart.unit === 'seconds' ? ' s' : chart.unit === 'bytes' ? ` ${BYTE_UNITS[unitIndex]}` : '';
  const tickLabels = ticks.map((t) => `${(t / scale).toFixed(decimals)}${suffix}`);
  return { labels, max: ticks[ticks.length - 1]!, ticks, tickLabels };
}
