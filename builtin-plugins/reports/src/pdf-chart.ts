import { chartScale, palette } from './chart-scale.js';
import type { ChartSpec } from './report-meta.js';

/** Draws a bar or line chart with pdfkit's vector primitives inside the box (x, y, width, height). */
export function drawPdfChart(doc: PDFKit.PDFDocument, chart: ChartSpec, x: number, y: number, width: number, height: number): void {
  const left = x + 60;
  const top = y + 22;
  const plotW = width - 70;
  const plotH = height - 60;
  const { labels, max, ticks, tickLabels } = chartScale(chart);
  const py = (v: number): number => top + plotH - (v / max) * plotH;
  const px = (i: number): number => left + (labels.length === 1 ? plotW / 2 : (i / Math.max(1, labels.length - 1)) * plotW);

  doc.font('Helvetica-Bold').fontSize(11).fillColor('#1b1f24').text(chart.title, x, y, { lineBreak: false });
  doc.font('Helvetica').fontSize(7);
  ticks.forEach((v, t) => {
    doc.moveTo(left, py(v)).lineTo(left + plotW, py(v)).lineWidth(0.4).strokeColor('#dde2e6').stroke();
    doc.fillColor('#444').text(tickLabels[t]!, x, py(v) - 3, { width: 55, align: 'right', lineBreak: false });
  });
  doc.moveTo(left, top).lineTo(left, top + plotH).lineTo(left + plotW, top + plotH).lineWidth(0.8).strokeColor('#888').stroke();
  const slot = plotW / labels.length;
  const step = Math.max(1, Math.ceil(labels.length / 8));
  labels.forEach((label, i) => {
    if (i % step !== 0) return;
    const cx = chart.kind === 'bar' ? left + (i + 0.5) * slot : px(i);
    doc.fillColor('#444').text(label, cx - 40, top + plotH + 4, { width: 80, align: 'center', lineBreak: false });
  });
  chart.series.forEach((series, s) => {
    const color = palette[s % palette.length]!;
    if (chart.kind === 'bar') {
      const barW = Math.max(0.5, (slot * 0.8) / chart.series.length);
      for (const p of series.points) {
        const i = labels.indexOf(p.x);
        doc.rect(left + i * slot + slot * 0.1 + s * barW, py(p.y), barW, py(0) - py(p.y)).fillColor(color).fill();
      }
    } else {
      series.points.forEach((p, k) => {
        const cx = px(labels.indexOf(p.x));
        if (k === 0) doc.moveTo(cx, py(p.y));
        else doc.lineTo(cx, py(p.y));
      });
      doc.lineWidth(1.5).strokeColor(color).stroke();
      for (const p of series.points) doc.circle(px(labels.indexOf(p.x)), py(p.y), 1.8).fillColor(color).fill();
    }
    doc.rect(left + s * 140, top + plotH + 20, 8, 8).fillColor(color).fill();
    doc.fillColor('#1b1f24').text(series.name, left + 12 + s * 140, top + plotH + 21, { lineBreak: false });
  });
}
