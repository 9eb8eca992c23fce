import { svg, html, type TemplateResult } from 'lit';

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface Series {
  readonly label: string;
  readonly points: readonly Point[];
}

const W = 480;
const H = 180;
const PAD = { left: 56, right: 10, top: 10, bottom: 24 };
// Series colours with ≥ 3:1 contrast on both theme backgrounds (graphical objects, WCAG 1.4.11).
const COLOURS = ['#2f81f7', '#d4762c', '#3fa34d', '#a371f7', '#e5534b'];

function scale(domain: [number, number], range: [number, number]): (v: number) => number {
  const span = domain[1] - domain[0] || 1;
  return (v) => range[0] + ((v - domain[0]) / span) * (range[1] - range[0]);
}

/** A time-series line chart as inline SVG with a text alternative. */
export function lineChart(title: string, series: readonly Series[], formatY: (v: number) => string): TemplateResult {
  const all = series.flatMap((s) => s.points);
  if (!all.length) return html`<figure><figcaption>${title}</figcaption><p class="muted">No data yet.</p></figure>`;
  const xs = all.map((p) => p.x);
  const ys = all.map((p) => p.y);
  const x = scale([Math.min(...xs), Math.max(...xs)], [PAD.left, W - PAD.right]);
  const y = scale([0, Math.max(...ys) || 1], [H - PAD.bottom, PAD.top]);
  const maxY = Math.max(...ys);
  return html`<figure><figcaption>${title}</figcaption>
    <svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${title}: ${series.map((s) => `${s.label} latest ${formatY(s.points[s.points.length - 1]?.y ?? 0)}`).join(', ')}">
      ${svg`<line x1=${PAD.left} y1=${H - PAD.bottom} x2=${W - PAD.right} y2=${H - PAD.bottom} stroke="var(--tl-border)"/>
        <text x=${PAD.left - 4} y=${PAD.top + 8} text-anchor="end" font-size="10" fill="var(--tl-muted)">${formatY(maxY)}</text>
        <text x=${PAD.left - 4} y=${H - PAD.bottom} text-anchor="end" font-size="10" fill="var(--tl-muted)">0</text>
        <text x=${PAD.left} y=${H - 6} font-size="10" fill="var(--tl-muted)">${new Date(Math.min(...xs)).toLocaleDateString()}</text>
        <text x=${W - PAD.right} y=${H - 6} text-anchor="end" font-size="10" fill="var(--tl-muted)">${new Date(Math.max(...xs)).toLocaleDateString()}</text>
        ${series.map((s, i) => svg`<polyline fill="none" stroke=${COLOURS[i % COLOURS.length]} stroke-width="2"
          points=${s.points.map((p) => `${x(p.x).toFixed(1)},${y(p.y).toFixed(1)}`).join(' ')}/>
          ${s.points.map((p) => svg`<circle cx=${x(p.x)} cy=${y(p.y)} r="2.5" fill=${COLOURS[i % COLOURS.length]}><title>${s.label}: ${formatY(p.y)} (${new Date(p.x).toLocaleString()})</title></circle>`)}`)}`}
    </svg>
    <div class="legend">${series.map((s, i) => html`<span><span class="swatch" style="background:${COLOURS[i % COLOURS.length]}"></span>${s.label}</span>`)}</div>
  </figure>`;
}

export interface Bar {
  readonly label: string;
  readonly value: number;
  readonly kind?: 'ok' | 'bad';
}

/** Vertical bars, e.g. backup durations or successes vs failures. */
export function barChart(title: string, bars: readonly Bar[], formatY: (v: number) => string): TemplateResult {
  if (!bars.length) return html`<figure><figcaption>${title}</figcaption><p class="muted">No data yet.</p></figure>`;
  const max = Math.max(...bars.map((b) => b.value)) || 1;
  const width = (W - PAD.left - PAD.right) / bars.length;
  const y = scale([0, max], [H - PAD.bottom, PAD.top]);
  return html`<figure><figcaption>${title}</figcaption>
    <svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${title}: ${bars.map((b) => `${b.label} ${formatY(b.value)}`).join(', ')}">
      ${svg`<line x1=${PAD.left} y1=${H - PAD.bottom} x2=${W - PAD.right} y2=${H - PAD.bottom} stroke="var(--tl-border)"/>
        <text x=${PAD.left - 4} y=${PAD.top + 8} text-anchor="end" font-size="10" fill="var(--tl-muted)">${formatY(max)}</text>
        ${bars.map((b, i) => svg`<rect x=${PAD.left + i * width + width * 0.15} y=${y(b.value)} width=${Math.max(1, width * 0.7)} height=${H - PAD.bottom - y(b.value)}
          fill=${b.kind === 'bad' ? '#e5534b' : b.kind === 'ok' ? '#3fa34d' : COLOURS[0]}><title>${b.label}: ${formatY(b.value)}</title></rect>
          ${bars.length <= 12 ? svg`<text x=${PAD.left + i * width + width / 2} y=${H - 8} text-anchor="middle" font-size="10" fill="var(--tl-muted)">${b.label}</text>` : ''}`)}`}
    </svg></figure>`;
}
