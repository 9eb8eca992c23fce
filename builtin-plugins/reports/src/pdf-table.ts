import type { JsonValue, ReportDataDto } from '@timelocker/plugin-api';
import { displayCell } from './report-meta.js';

const fontSize = 6.5;
const rowHeight = 9.5;
/** Courier's glyphs are 0.6 em wide: columns are character counts, and a row is one text run (fast for 10,000 rows). */
const charWidth = fontSize * 0.6;
const sampleRows = 200;
const gap = 2;

/** Column widths in characters from the labels and a sample of the data, scaled to the page width. */
function columnChars(report: ReportDataDto, lineChars: number): number[] {
  const sample = report.rows.slice(0, sampleRows);
  const wants = report.columns.map((c) => {
    const longest = sample.reduce((m, row) => Math.max(m, pdfCell(row[c.key]).split('\n')[0]!.length), 0);
    return Math.max(4, Math.min(c.label.length, 8), Math.min(40, longest));
  });
  const available = lineChars - gap * (wants.length - 1);
  const total = wants.reduce((s, w) => s + w, 0);
  if (total <= available) return wants;
  return wants.map((w) => Math.max(3, Math.floor((w / total) * available)));
}

/**
 * Courier has no kerning pairs, yet pdfkit's standard-font encoder builds a lookup key for every glyph pair: a third of
 * the time of a 10,000-row table. Skip the lookups for fonts without pairs (pdfkit keeps the font private, hence the cast).
 */
function skipEmptyKerning(doc: PDFKit.PDFDocument): void {
  const afm = (doc as unknown as { _font?: { font?: { kernPairs?: object; getKernPair?: (l: string, r: string) => number } } })._font?.font;
  if (afm?.kernPairs && Object.keys(afm.kernPairs).length === 0) afm.getKernPair = () => 0;
}

/** ISO times shortened to the second, so a page has room for every column of the jobs report. */
function pdfCell(value: JsonValue | undefined): string {
  const text = displayCell(value);
  const time = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(\.\d+)?Z$/.exec(text);
  return time ? `${time[1]} ${time[2]}` : text;
}

function fit(text: string, chars: number, right: boolean): string {
  const oneLine = text.replace(/\s*\n\s*/g, ' | ');
  const cut = oneLine.length <= chars ? oneLine : `${oneLine.slice(0, chars - 1)}~`;
  return right ? cut.padStart(chars) : cut.padEnd(chars);
}

/** A column label in at most two lines of `chars`, broken at a space or a case change where it can be. */
export function headerLines(label: string, chars: number): string[] {
  if (label.length <= chars) return [label];
  const breaks = [...label.matchAll(/ |(?<=[a-z])(?=[A-Z])/g)].map((m) => m.index!).filter((at) => at > 0 && at <= chars);
  const at = breaks.length ? breaks[breaks.length - 1]! : chars;
  const second = label.slice(at).trim();
  return [label.slice(0, at).trim(), second.length > chars ? `${second.slice(0, chars - 1)}~` : second];
}

/**
 * The data rows, one line each, paginated with the header repeated on every page. Long cells are cut (marked `~`):
 * the PDF is for reading; the full values are in the CSV/JSON formats, which are the verifiable ones.
 */
export function drawPdfTable(doc: PDFKit.PDFDocument, report: ReportDataDto, onNewPage: () => void): void {
  const { left, right, top, bottom } = doc.page.margins;
  const width = doc.page.width - left - right;
  const chars = columnChars(report, Math.floor(width / charWidth));
  const numeric = report.columns.map((c) => report.rows.slice(0, sampleRows).some((r) => typeof r[c.key] === 'number'));
  const separator = ' '.repeat(gap);
  const line = (cells: readonly string[]): string => cells.map((cell, i) => fit(cell, chars[i]!, numeric[i]!)).join(separator).trimEnd();
  const pageBottom = doc.page.height - bottom - 14;
  let y = top;
  // A label wider than its column wraps onto a second header line instead of being cut ("Repository", not "Reposit~").
  const labels = report.columns.map((c, i) => headerLines(c.label, chars[i]!));
  const headerLineCount = Math.max(...labels.map((l) => l.length));
  const header = (): void => {
    doc.rect(left, y, width, rowHeight * headerLineCount + 2).fillColor('#e8ecf0').fill();
    doc.font('Courier-Bold').fontSize(fontSize).fillColor('#1b1f24');
    skipEmptyKerning(doc);
    for (let l = 0; l < headerLineCount; l++) doc.text(line(labels.map((lines) => lines[l] ?? '')), left, y + 2.5 + l * rowHeight, { lineBreak: false });
    y += rowHeight * headerLineCount + 2;
    doc.font('Courier');
    skipEmptyKerning(doc);
  };
  doc.addPage();
  onNewPage();
  header();
  report.rows.forEach((row, r) => {
    if (y + rowHeight > pageBottom) {
      doc.addPage();
      onNewPage();
      y = top;
      header();
    }
    if (r % 2 === 1) doc.rect(left, y, width, rowHeight).fillColor('#f2f4f6').fill();
    doc.fillColor('#1b1f24').text(line(report.columns.map((c) => pdfCell(row[c.key]))), left, y + 2, { lineBreak: false });
    y += rowHeight;
  });
}
