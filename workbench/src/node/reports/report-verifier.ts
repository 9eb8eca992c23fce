import type { JsonValue, ReportDataDto } from '@timelocker/plugin-api';
import { excessiveNestingAt, excessiveNestingMessage } from '../config/json-depth.js';
import { UsageError } from '../core/errors.js';
import { parseCsvReport } from './csv-records.js';
import { dataDigest, rowTexts } from './report-digest.js';
import type { ReportVerification } from './report-service.js';

export type ContentCheck = Omit<ReportVerification, 'auditEntry'> & { readonly generatedAt: string };

function check(format: 'json' | 'csv', type: string, generatedAt: string, recorded: string, recordedRows: number, columns: readonly string[], rows: readonly (readonly string[])[]): ContentCheck {
  const computed = dataDigest(columns, rows);
  const problems: string[] = [];
  if (!/^sha256:[0-9a-f]{64}$/.test(recorded)) problems.push(`the file records no valid data digest (found "${recorded}")`);
  else if (computed !== recorded) {
    problems.push(rows.length !== recordedRows
      ? `rows were added or removed: the report recorded ${recordedRows} row(s), the file has ${rows.length}`
      : `the data rows differ from what was generated: their digest is ${computed}, the report recorded ${recorded}`);
  }
  return { ok: problems.length === 0, format, type, generatedAt, recordedDigest: recorded, computedDigest: computed, rows: rows.length, problems };
}

function verifyJson(content: string): ContentCheck {
  let report: ReportDataDto;
  if (excessiveNestingAt(content) !== undefined) throw new UsageError(`The JSON report ${excessiveNestingMessage}: it is not a TimeLocker report.`);
  try {
    report = JSON.parse(content) as ReportDataDto;
  } catch (error) {
    throw new UsageError(`The JSON report cannot be read: ${(error as Error).message}`);
  }
  const evidence = (report.meta?.['tamperEvidence'] ?? {}) as Record<string, JsonValue>;
  if (!Array.isArray(report.columns) || !Array.isArray(report.rows)) throw new UsageError('This JSON file is not a TimeLocker report (no columns and rows).');
  const keys = report.columns.map((c) => c.key);
  const cells = rowTexts(keys, report.rows);
  // A key outside the columns is data the digest does not cover: an addition is an edit too.
  const extra = report.rows.findIndex((row) => Object.keys(row).some((k) => !keys.includes(k)));
  const result = check('json', String(report.type), String(report.generatedAt), String(evidence['dataDigest'] ?? ''), Number(evidence['rowCount'] ?? -1), keys, cells);
  if (extra === -1) return result;
  const problems = [...result.problems, `row ${extra + 1} has fields that are not report columns`];
  return { ...result, ok: false, problems };
}

function verifyCsv(content: string): ContentCheck {
  const { preamble, records } = parseCsvReport(content);
  const recorded = preamble.get('data-digest');
  if (recorded === undefined) throw new UsageError('This file has no "# data-digest:" line: it is not a TimeLocker CSV report.');
  const [header, ...rows] = records;
  if (!header) throw new UsageError('The CSV report has no header row.');
  const ragged = rows.findIndex((r) => r.length !== header.length);
  const result = check('csv', preamble.get('type') ?? '', preamble.get('generated-at') ?? '', recorded, Number(preamble.get('rows') ?? -1), header, rows);
  if (ragged === -1) return result;
  const problems = [...result.problems, `record ${ragged + 1} has ${rows[ragged]!.length} field(s), the header ${header.length}`];
  return { ...result, ok: false, problems };
}

/** Recomputes the data digest of a JSON or CSV report and compares it with the one the report records. */
export function verifyReportContent(content: string): ContentCheck {
  const start = content.trimStart();
  const other = start.startsWith('%PDF-') ? 'a PDF' : /^<(!doctype|html)/i.test(start) ? 'an HTML page' : undefined;
  if (other) {
    throw new UsageError(`This is ${other}: \`report verify\` reads the JSON and CSV formats only. Verify the same report as JSON or CSV (\`report … --format json\`); it shows the same data digest as this one.`);
  }
  return start.startsWith('{') ? verifyJson(content) : verifyCsv(content);
}
