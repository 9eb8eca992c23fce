import { formatBytes, type JsonObject, type JsonValue, type ReportDataDto } from '@timelocker/plugin-api';

/** One line of tamper evidence: `key` is what `timelocker report verify` reads back from CSV files. */
export interface EvidenceEntry {
  readonly key: string;
  readonly label: string;
  readonly value: string;
}

export interface ChartSpec {
  readonly title: string;
  readonly kind: 'bar' | 'line';
  readonly unit: 'bytes' | 'seconds' | 'count';
  readonly series: ReadonlyArray<{ readonly name: string; readonly points: ReadonlyArray<{ readonly x: string; readonly y: number }> }>;
}

const object = (value: JsonValue | undefined): JsonObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};

/** Text on one line: evidence values end up in CSV comment lines. */
const oneLine = (text: string): string => text.replace(/[\r\n]+/g, ' ');

export function periodText(report: ReportDataDto): string {
  const period = object(report.meta['period']);
  const from = typeof period['from'] === 'string' ? period['from'] : undefined;
  const to = typeof period['to'] === 'string' ? period['to'] : undefined;
  if (!from && !to) return 'all recorded history';
  return `${from ?? 'the beginning'} to ${to ?? 'now'}${to ? ' (exclusive)' : ''}`;
}

function auditChainText(chain: JsonObject): string {
  if (chain['available'] !== true) return 'not available (no audit log in this installation)';
  if (chain['intact'] === true) return `intact, ${String(chain['entries'])} entries verified`;
  const bad = object(chain['firstBad']);
  return `BROKEN: entry #${String(bad['seq'] ?? '?')}: ${String(bad['problem'] ?? 'does not verify')}`;
}

export function evidenceEntries(report: ReportDataDto): EvidenceEntry[] {
  const evidence = object(report.meta['tamperEvidence']);
  const chain = object(evidence['auditChain']);
  const repository = report.meta['repository'];
  const entries: EvidenceEntry[] = [
    { key: 'type', label: 'Report type', value: report.type },
    { key: 'generated-at', label: 'Generated at', value: report.generatedAt },
    { key: 'generator', label: 'Generator', value: report.generator },
    { key: 'period', label: 'Period', value: periodText(report) },
    ...(typeof repository === 'string' ? [{ key: 'repository', label: 'Repository', value: repository }] : []),
    { key: 'rows', label: 'Rows', value: String(evidence['rowCount'] ?? report.rows.length) },
    { key: 'audit-chain', label: 'Audit chain at generation', value: auditChainText(chain) },
    { key: 'audit-head-hash', label: 'Audit chain head hash', value: typeof chain['headHash'] === 'string' ? chain['headHash'] : '-' },
    { key: 'data-digest', label: 'Data digest', value: String(evidence['dataDigest'] ?? '-') },
    { key: 'digest-method', label: 'Digest method', value: String(evidence['digestMethod'] ?? '-') },
  ];
  return entries.map((e) => ({ ...e, value: oneLine(e.value) }));
}

export function summaryOf(report: ReportDataDto): Array<{ label: string; value: string }> {
  const summary = report.meta['summary'];
  if (!Array.isArray(summary)) return [];
  return summary.map(object).map((s) => ({ label: String(s['label'] ?? ''), value: String(s['value'] ?? '') }));
}

export function chartsOf(report: ReportDataDto): ChartSpec[] {
  const charts = report.meta['charts'];
  if (!Array.isArray(charts)) return [];
  return (charts as unknown as ChartSpec[]).filter((c) => Array.isArray(c.series) && c.series.some((s) => s.points.length > 0));
}

/** JSON with sorted keys: the kernel's data digest reads nested values this way. */
export function canonicalJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k]!)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A cell as text, as the data digest sees it; numbers stay exact (they are the audited data). */
export function displayCell(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return canonicalJson(value);
  return String(value);
}

export function formatValue(value: number, unit: ChartSpec['unit']): string {
  if (unit === 'seconds') return `${value < 10 ? value.toFixed(1) : Math.round(value)} s`;
  if (unit === 'count') return String(Math.round(value));
  return formatBytes(value);
}
