import type { ReportDataDto, ReportFormatProvider } from '@timelocker/plugin-api';
import { chartsOf, displayCell, evidenceEntries, summaryOf } from './report-meta.js';
import { escapeHtml } from './escape-html.js';
import { svgChart } from './svg-chart.js';

// Inline only: the file must open anywhere (mail attachment, archive) without fetching anything.
const style = `
body{font:13px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1b1f24;margin:2em}
h1{font-size:1.6em;margin:0 0 .2em}h2{font-size:1.15em;margin:1.6em 0 .5em}
dl.evidence{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em;background:#f4f6f8;padding:.8em 1em;border-radius:4px}
dl.evidence dt{font-weight:600}dl.evidence dd{margin:0;font-family:ui-monospace,monospace;word-break:break-all}
table{border-collapse:collapse;width:100%;font-size:.92em}th,td{border:1px solid #ccd2d8;padding:.25em .45em;text-align:left;vertical-align:top;white-space:pre-wrap}
th{background:#e8ecf0}tr:nth-child(even) td{background:#fafbfc}td.num{text-align:right;font-variant-numeric:tabular-nums}
figure{margin:1em 0}figcaption{font-weight:600;margin-bottom:.3em}svg{max-width:100%;height:auto}
@media print{body{margin:0}thead{display:table-header-group}tr{break-inside:avoid}section.charts,dl.evidence{break-inside:avoid}}
`;

export function renderHtml(report: ReportDataDto): string {
  const evidence = evidenceEntries(report).map((e) => `<dt>${escapeHtml(e.label)}</dt><dd data-key="${escapeHtml(e.key)}">${escapeHtml(e.value)}</dd>`).join('');
  const summary = summaryOf(report).map((s) => `<tr><th scope="row">${escapeHtml(s.label)}</th><td>${escapeHtml(s.value)}</td></tr>`).join('');
  const charts = chartsOf(report).map((c) => `<figure><figcaption>${escapeHtml(c.title)}</figcaption>${svgChart(c)}</figure>`).join('');
  const head = report.columns.map((c) => `<th scope="col">${escapeHtml(c.label)}</th>`).join('');
  const body = report.rows.map((row) => `<tr>${report.columns.map((c) => {
    const value = row[c.key];
    return `<td${typeof value === 'number' ? ' class="num"' : ''}>${escapeHtml(displayCell(value))}</td>`;
  }).join('')}</tr>`).join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${escapeHtml(report.generator)}">
<title>${escapeHtml(report.title)} — TimeLocker report</title><style>${style}</style></head>
<body>
<header><h1>${escapeHtml(report.title)}</h1><p>TimeLocker report generated ${escapeHtml(report.generatedAt)}</p></header>
<section class="evidence"><h2>Tamper evidence</h2><dl class="evidence">${evidence}</dl></section>
${summary ? `<section class="summary"><h2>Summary</h2><table>${summary}</table></section>` : ''}
${charts ? `<section class="charts"><h2>Charts</h2>${charts}</section>` : ''}
<section class="data"><h2>Data (${report.rows.length} rows)</h2>
<table class="data"><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody></table></section>
</body></html>
`;
}

export const htmlFormat: ReportFormatProvider = {
  render: (report) => Promise.resolve(renderHtml(report)),
};
