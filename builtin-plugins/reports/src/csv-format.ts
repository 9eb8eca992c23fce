import type { ReportDataDto, ReportFormatProvider } from '@timelocker/plugin-api';
import { stringify } from 'csv-stringify/sync';
import { displayCell, evidenceEntries } from './report-meta.js';

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or CR) as a formula: a tag or a file name chosen by
 * whoever wrote the backed-up files must not become one (`=HYPERLINK(…)`). Such a cell gets a leading `'`, as OWASP
 * advises, and so does one that starts with quotes before such a character, so that `report verify` can strip
 * exactly one (csv-records.ts) and the data digest still covers the values as they are. Numbers stay numbers.
 */
export function spreadsheetSafe(cell: string): string {
  return /^'*[=+\-@\t\r]/.test(cell) && !/^[+-]?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(cell) ? `'${cell}` : cell;
}

/**
 * RFC 4180 records (CRLF, quotes doubled) under a `# key: value` preamble with the tamper evidence; the header row
 * holds the column keys the data digest covers. A first cell starting with `#` is quoted so it is never taken for
 * a preamble line.
 */
export function renderCsv(report: ReportDataDto): string {
  const preamble = [`# TimeLocker report: ${report.title}`, ...evidenceEntries(report).map((e) => `# ${e.key}: ${e.value}`)];
  const keys = report.columns.map((c) => c.key);
  const records = stringify(report.rows.map((row) => keys.map((k) => spreadsheetSafe(displayCell(row[k])))), {
    header: true,
    columns: keys,
    record_delimiter: 'windows',
    quoted_match: /^#/,
  });
  return `${preamble.join('\r\n')}\r\n${records}`;
}

export const csvFormat: ReportFormatProvider = {
  render: (report) => Promise.resolve(renderCsv(report)),
};
