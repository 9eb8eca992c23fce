import type { ReportDataDto, ReportFormatProvider } from '@timelocker/plugin-api';
import { stringify } from 'csv-stringify/sync';
import { displayCell, evidenceEntries } from './report-meta.js';

/**
 * RFC 4180 records (CRLF, quotes doubled) under a `# key: value` preamble with the tamper evidence; the header row
 * holds the column keys the data digest covers. A first cell starting with `#` is quoted so it is never taken for
 * a preamble line.
 */
export function renderCsv(report: ReportDataDto): string {
  const preamble = [`# TimeLocker report: ${report.title}`, ...evidenceEntries(report).map((e) => `# ${e.key}: ${e.value}`)];
  const keys = report.columns.map((c) => c.key);
  const records = stringify(report.rows.map((row) => keys.map((k) => displayCell(row[k]))), {
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
