import type { CancellationToken, ReportDataDto, ReportFormatProvider } from '@timelocker/plugin-api';
import PDFDocument from 'pdfkit';
import { drawPdfChart } from './pdf-chart.js';
import { drawPdfTable } from './pdf-table.js';
import { chartsOf, evidenceEntries, summaryOf } from './report-meta.js';

function titlePage(doc: PDFKit.PDFDocument, report: ReportDataDto): void {
  const { left } = doc.page.margins;
  doc.font('Helvetica').fontSize(12).fillColor('#555').text('TimeLocker report', left, 60);
  doc.font('Helvetica-Bold').fontSize(28).fillColor('#1b1f24').text(report.title, left, 80);
  doc.moveDown(1.2);
  doc.font('Helvetica-Bold').fontSize(13).text('Tamper evidence');
  doc.moveDown(0.4);
  for (const entry of evidenceEntries(report)) {
    const y = doc.y;
    doc.font('Helvetica-Bold').fontSize(9).fillColor('#1b1f24').text(entry.label, left, y, { width: 150, lineBreak: false });
    // Courier keeps a 71-character digest on one line, so text extraction returns it whole.
    doc.font(/^(sha256:)?[0-9a-f]{64}$/.test(entry.value) ? 'Courier' : 'Helvetica').fontSize(9).text(entry.value, left + 160, y, { width: 560 });
    doc.moveDown(0.25);
  }
  const summary = summaryOf(report);
  if (summary.length === 0) return;
  doc.moveDown(1);
  doc.font('Helvetica-Bold').fontSize(13).text('Summary', left);
  doc.moveDown(0.4);
  for (const s of summary) {
    const y = doc.y;
    doc.font('Helvetica-Bold').fontSize(9).text(s.label, left, y, { width: 150, lineBreak: false });
    doc.font('Helvetica').fontSize(9).text(s.value, left + 160, y, { width: 560 });
    doc.moveDown(0.2);
  }
}

/** Title page with the tamper evidence and summary, a page of charts, then the data table over as many pages as it needs. */
export function renderPdf(report: ReportDataDto, token?: CancellationToken): Promise<Uint8Array> {
  const doc = new PDFDocument({
    size: 'A4', layout: 'landscape', margin: 36, autoFirstPage: true, compress: true,
    info: { Title: `${report.title} — TimeLocker report`, Author: report.generator, Creator: report.generator, Subject: report.type },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });
  let page = 1;
  const footer = (): void => {
    const { left, bottom } = doc.page.margins;
    doc.font('Helvetica').fontSize(7).fillColor('#666')
      .text(`${report.title} · generated ${report.generatedAt} · page ${page}`, left, doc.page.height - bottom - 8, { lineBreak: false });
  };
  titlePage(doc, report);
  footer();
  const charts = chartsOf(report);
  if (charts.length > 0) {
    doc.addPage();
    page++;
    const { left, top } = doc.page.margins;
    const height = (doc.page.height - top - doc.page.margins.bottom - 20) / Math.min(2, charts.length);
    charts.slice(0, 2).forEach((chart, i) => drawPdfChart(doc, chart, left, top + i * height, doc.page.width - left * 2, height - 10));
    footer();
  }
  if (token?.isCancellationRequested) throw new Error('cancelled');
  drawPdfTable(doc, report, () => {
    page++;
    footer();
  });
  doc.end();
  return done;
}

export const pdfFormat: ReportFormatProvider = {
  render: (report, token) => renderPdf(report, token),
};
