import type { JsonValue, ReportDataDto } from '@timelocker/plugin-api';

/** Table cells are one line; pipes and backslashes would break the table, so they are escaped. */
export function cell(value: JsonValue | undefined): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

const alignRight = (rows: ReportDataDto['rows'], key: string): boolean =>
  rows.length > 0 && rows.every((row) => typeof row[key] === 'number' || row[key] === null || row[key] === undefined);

/** GitHub-flavoured Markdown: a title, where it came from, the metadata as a list, the rows as a table. */
export function renderMarkdown(report: ReportDataDto): string {
  const lines = [`# ${report.title}`, '', `_Generated ${report.generatedAt} by ${report.generator}_`, ''];
  const meta = Object.entries(report.meta);
  if (meta.length) lines.push(...meta.map(([key, value]) => `- **${key}**: ${cell(value)}`), '');
  if (report.rows.length === 0) {
    lines.push('_No rows._');
  } else {
    lines.push(`| ${report.columns.map((c) => cell(c.label)).join(' | ')} |`);
    lines.push(`| ${report.columns.map((c) => (alignRight(report.rows, c.key) ? '---:' : '---')).join(' | ')} |`);
    for (const row of report.rows) lines.push(`| ${report.columns.map((c) => cell(row[c.key])).join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}
