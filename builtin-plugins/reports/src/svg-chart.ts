import { chartScale, palette } from './chart-scale.js';
import { escapeHtml as esc } from './escape-html.js';
import { type ChartSpec, formatValue } from './report-meta.js';

/** An inline SVG bar or line chart, so the HTML report needs no script and prints as vectors. */
export function svgChart(chart: ChartSpec): string {
  const width = 760;
  const height = 260;
  const left = 70;
  const bottom = 40;
  const plotW = width - left - 10;
  const plotH = height - bottom - 10;
  const { labels, max, ticks, tickLabels } = chartScale(chart);
  const x = (i: number): number => left + (labels.length === 1 ? plotW / 2 : (i / Math.max(1, labels.length - 1)) * plotW);
  const y = (v: number): number => 10 + plotH - (v / max) * plotH;
  const parts: string[] = [];
  ticks.forEach((v, t) => {
    parts.push(`<line x1="${left}" x2="${width - 10}" y1="${y(v)}" y2="${y(v)}" stroke="#dde2e6"/><text x="${left - 6}" y="${y(v) + 4}" text-anchor="end" font-size="10">${esc(tickLabels[t]!)}</text>`);
  });
  const step = Math.max(1, Math.ceil(labels.length / 8));
  labels.forEach((label, i) => {
    if (i % step === 0) parts.push(`<text x="${chart.kind === 'bar' ? left + (i + 0.5) * (plotW / labels.length) : x(i)}" y="${height - bottom + 16}" text-anchor="middle" font-size="10">${esc(label)}</text>`);
  });
  chart.series.forEach((series, s) => {
    const color = palette[s % palette.length]!;
    if (chart.kind === 'bar') {
      const slot = plotW / labels.length;
      const barW = Math.max(1, (slot * 0.8) / chart.series.length);
      for (const p of series.points) {
        const i = labels.indexOf(p.x);
        parts.push(`<rect x="${(left + i * slot + slot * 0.1 + s * barW).toFixed(1)}" y="${y(p.y).toFixed(1)}" width="${barW.toFixed(1)}" height="${(y(0) - y(p.y)).toFixed(1)}" fill="${color}"><title>${esc(`${p.x}: ${formatValue(p.y, chart.unit)}`)}</title></rect>`);
      }
    } else {
      const points = series.points.map((p) => `${x(labels.indexOf(p.x)).toFixed(1)},${y(p.y).toFixed(1)}`).join(' ');
      parts.push(`<polyline points="${points}" fill="none" stroke="${color}" stroke-width="2"/>`);
    }
    parts.push(`<rect x="${left + 10 + s * 140}" y="${height - 14}" width="10" height="10" fill="${color}"/><text x="${left + 24 + s * 140}" y="${height - 5}" font-size="10">${esc(series.name)}</text>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(chart.title)}"><line x1="${left}" x2="${left}" y1="10" y2="${y(0)}" stroke="#888"/><line x1="${left}" x2="${width - 10}" y1="${y(0)}" y2="${y(0)}" stroke="#888"/>${parts.join('')}</svg>`;
}
