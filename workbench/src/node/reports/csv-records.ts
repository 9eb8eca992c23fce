import { parse } from 'csv-parse/sync';
import { UsageError } from '../core/errors.js';

/** What `report verify` needs from a CSV report: its `# key: value` preamble and its records (RFC 4180). */
export interface CsvReport {
  readonly preamble: ReadonlyMap<string, string>;
  readonly records: string[][];
}

/** A cell as the report holds it: the CSV format put one `'` before what a spreadsheet would run as a formula. */
function reportValue(cell: string): string {
  return /^'+[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

/** Lines starting with `#` before the header are the preamble; the rest is RFC 4180 CSV, read by csv-parse. */
export function parseCsvReport(text: string): CsvReport {
  const preamble = new Map<string, string>();
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (text[i] === '#') {
    const end = text.indexOf('\n', i);
    const line = text.slice(i + 1, end === -1 ? text.length : end).replace(/\r$/, '').trim();
    const colon = line.indexOf(':');
    if (colon > 0) preamble.set(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
    i = end === -1 ? text.length : end + 1;
  }
  try {
    // Ragged records are kept as they are: the verifier names them rather than failing on the first.
    const records = (parse(text.slice(i), { relax_column_count: true }) as string[][]).map((record) => record.map(reportValue));
    return { preamble, records };
  } catch (error) {
    // csv-parse quotes the text it met: of a binary file, that is noise.
    throw new UsageError(`This is not a readable CSV report (${(error as Error).message.split(':')[0]}): \`report verify\` reads the JSON and CSV formats only.`);
  }
}
