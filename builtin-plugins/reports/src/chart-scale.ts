import type { ChartSpec } from './report-meta.js';

export const palette = ['#2f6fb3', '#d9822b', '#3a9a5b', '#b23a48', '#7a5cb8', '#4f8f8f'];

/** Category labels along x (union of every series, in first-seen order) and a y range that starts at zero. */
export function chartScale(chart: ChartSpec): { labels: string[]; max: number } {
  const labels: string[] = [];
  const seen = new Set<string>();
  let max = 0;
  for (const series of chart.series) {
    for (const p of series.points) {
      if (!seen.has(p.x)) {
        seen.add(p.x);
        labels.push(p.x);
      }
      max = Math.max(max, p.y);
    }
  }
  return { labels, max: max > 0 ? max : 1 };
}
