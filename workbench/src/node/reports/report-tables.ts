import type { JobDto, JsonObject, JsonValue, SnapshotDto } from '@timelocker/plugin-api';
import type { AuditEntry } from '../audit/audit-service.js';
import type { StorageSample } from '../metrics/metrics-service.js';
import { canonicalJson } from './report-digest.js';

export interface ReportColumn {
  readonly key: string;
  readonly label: string;
}

export interface ChartSeries {
  readonly name: string;
  readonly points: ReadonlyArray<{ readonly x: string; readonly y: number }>;
}

/** Charts are derived from the rows (so outside the digest); formats draw them, `unit` says how to label values. */
export interface ReportChart {
  readonly title: string;
  readonly kind: 'bar' | 'line';
  readonly unit: 'bytes' | 'seconds' | 'count';
  readonly series: readonly ChartSeries[];
}

export interface ReportTable {
  readonly title: string;
  readonly columns: readonly ReportColumn[];
  readonly rows: Array<Record<string, JsonValue>>;
  readonly summary: ReadonlyArray<{ readonly label: string; readonly value: string }>;
  readonly charts: readonly ReportChart[];
}

const maxChartPoints = 60;

/** Averages consecutive points so a chart stays readable whatever the period. */
export function downsample(points: ReadonlyArray<{ x: string; y: number }>, max = maxChartPoints): Array<{ x: string; y: number }> {
  if (points.length <= max) return [...points];
  const size = Math.ceil(points.length / max);
  const out: Array<{ x: string; y: number }> = [];
  for (let i = 0; i < points.length; i += size) {
    const chunk = points.slice(i, i + size);
    out.push({ x: chunk[0]!.x, y: chunk.reduce((s, p) => s + p.y, 0) / chunk.length });
  }
  return out;
}

const num = (value: JsonValue | undefined): number | null => (typeof value === 'number' ? value : null);

export function backupJobsTable(jobs: readonly JobDto[]): ReportTable {
  const ordered = [...jobs].sort((a, b) => (a.startedAt ?? a.queuedAt).localeCompare(b.startedAt ?? b.queuedAt));
  const rows = ordered.map((job): Record<string, JsonValue> => {
    const s = job.summary ?? {};
    const warnings = Array.isArray(s['warnings']) ? (s['warnings'] as JsonValue[]).map(String) : [];
    return {
      id: job.id, plan: job.plan ?? null, repository: job.repository, status: job.status,
      startedAt: job.startedAt ?? null, finishedAt: job.finishedAt ?? null,
      durationSeconds: num(s.durationSeconds), filesNew: num(s.filesNew), filesChanged: num(s.filesChanged),
      filesUnmodified: num(s.filesUnmodified), dataAdded: num(s.dataAdded), bytesProcessed: num(s.totalBytesProcessed),
      unreadableFiles: num(s.unreadableFiles), snapshotId: typeof s.snapshotId === 'string' ? s.snapshotId : null,
      problems: [job.error, ...warnings].filter((p): p is string => Boolean(p)).join('; ') || null,
    };
  });
  const perDay = new Map<string, number[]>();
  for (const job of ordered) {
    const duration = num(job.summary?.durationSeconds);
    if (job.status !== 'succeeded' || duration === null) continue;
    const key = (job.startedAt ?? job.queuedAt).slice(0, 10);
    perDay.set(key, [...(perDay.get(key) ?? []), duration]);
  }
  const succeeded = ordered.filter((j) => j.status === 'succeeded').length;
  const failed = ordered.filter((j) => j.status === 'failed' || j.status === 'interrupted').length;
  const added = rows.reduce((sum, r) => sum + (num(r['dataAdded']) ?? 0), 0);
  return {
    title: 'Backup jobs',
    columns: [
      { key: 'id', label: 'Job' }, { key: 'plan', label: 'Plan' }, { key: 'repository', label: 'Repository' },
      { key: 'status', label: 'Status' }, { key: 'startedAt', label: 'Started' }, { key: 'finishedAt', label: 'Finished' },
      { key: 'durationSeconds', label: 'Duration (s)' }, { key: 'filesNew', label: 'New files' },
      { key: 'filesChanged', label: 'Changed files' }, { key: 'filesUnmodified', label: 'Unmodified files' },
      { key: 'dataAdded', label: 'Data added (B)' }, { key: 'bytesProcessed', label: 'Processed (B)' },
      { key: 'unreadableFiles', label: 'Unreadable' }, { key: 'snapshotId', label: 'Snapshot' },
      { key: 'problems', label: 'Errors / warnings' },
    ],
    rows,
    summary: [
      { label: 'Jobs', value: String(rows.length) },
      { label: 'Succeeded', value: String(succeeded) },
      { label: 'Failed or interrupted', value: String(failed) },
      { label: 'Success rate', value: rows.length ? `${((succeeded / rows.length) * 100).toFixed(1)} %` : 'n/a' },
      { label: 'Data added (bytes)', value: String(added) },
    ],
    charts: [{
      title: 'Backup duration (average per day, seconds)', kind: 'bar', unit: 'seconds',
      series: [{ name: 'duration', points: downsample([...perDay].map(([x, d]) => ({ x, y: d.reduce((s, v) => s + v, 0) / d.length }))) }],
    }],
  };
}

export function snapshotInventoryTable(snapshots: readonly SnapshotDto[]): ReportTable {
  const ordered = [...snapshots].sort((a, b) => a.repository.localeCompare(b.repository) || a.time.localeCompare(b.time));
  const perRepository = new Map<string, number>();
  for (const s of ordered) perRepository.set(s.repository, (perRepository.get(s.repository) ?? 0) + 1);
  return {
    title: 'Snapshot inventory',
    columns: [
      { key: 'repository', label: 'Repository' }, { key: 'id', label: 'Snapshot' }, { key: 'time', label: 'Time' },
      { key: 'plan', label: 'Plan' }, { key: 'hostname', label: 'Host' }, { key: 'username', label: 'User' },
      { key: 'paths', label: 'Paths' }, { key: 'tags', label: 'Tags' },
    ],
    rows: ordered.map((s) => ({
      repository: s.repository, id: s.id, time: s.time,
      plan: s.tags.find((t) => t.startsWith('plan:'))?.slice(5) ?? null,
      hostname: s.hostname, username: s.username ?? null, paths: s.paths.join('\n'), tags: s.tags.join(', '),
    })),
    summary: [{ label: 'Snapshots', value: String(ordered.length) }, ...[...perRepository].map(([r, n]) => ({ label: `Repository ${r}`, value: `${n} snapshot(s)` }))],
    charts: [{ title: 'Snapshots per repository', kind: 'bar', unit: 'count', series: [{ name: 'snapshots', points: [...perRepository].map(([x, y]) => ({ x, y })) }] }],
  };
}

export function auditTrailTable(entries: readonly AuditEntry[]): ReportTable {
  const ordered = [...entries].sort((a, b) => a.seq - b.seq);
  const bySeverity = new Map<string, number>();
  for (const e of ordered) bySeverity.set(e.severity, (bySeverity.get(e.severity) ?? 0) + 1);
  return {
    title: 'Audit trail',
    columns: [
      { key: 'seq', label: '#' }, { key: 'time', label: 'Time' }, { key: 'type', label: 'Event' },
      { key: 'severity', label: 'Severity' }, { key: 'actor', label: 'Actor' }, { key: 'target', label: 'Target' },
      { key: 'details', label: 'Details' }, { key: 'hash', label: 'Entry hash' },
    ],
    rows: ordered.map((e) => ({
      seq: e.seq, time: e.time, type: e.type, severity: e.severity, actor: e.actor, target: e.target,
      details: canonicalJson(e.details as JsonObject), hash: e.hash,
    })),
    summary: [{ label: 'Entries', value: String(ordered.length) }, ...[...bySeverity].map(([s, n]) => ({ label: `Severity ${s}`, value: String(n) }))],
    charts: [{ title: 'Entries per severity', kind: 'bar', unit: 'count', series: [{ name: 'entries', points: [...bySeverity].map(([x, y]) => ({ x, y })) }] }],
  };
}

export function storageUtilizationTable(samples: readonly StorageSample[]): ReportTable {
  const byRepository = new Map<string, StorageSample[]>();
  for (const s of samples) byRepository.set(s.repository, [...(byRepository.get(s.repository) ?? []), s]);
  return {
    title: 'Storage utilization',
    columns: [
      { key: 'time', label: 'Time' }, { key: 'repository', label: 'Repository' }, { key: 'rawSize', label: 'Stored (B)' },
      { key: 'restoreSize', label: 'Restore size (B)' }, { key: 'dedupRatio', label: 'Dedup ratio' },
      { key: 'snapshotCount', label: 'Snapshots' }, { key: 'blobCount', label: 'Blobs' }, { key: 'jobId', label: 'After job' },
    ],
    rows: samples.map((s) => ({
      time: s.time, repository: s.repository, rawSize: s.rawSize, restoreSize: s.restoreSize, dedupRatio: s.dedupRatio,
      snapshotCount: s.snapshotCount, blobCount: s.blobCount, jobId: s.jobId,
    })),
    summary: [...byRepository].map(([repository, list]) => {
      const first = list[0]!;
      const last = list.at(-1)!;
      return { label: `Repository ${repository}`, value: `${last.rawSize} bytes stored, ${last.snapshotCount} snapshots (was ${first.rawSize} bytes on ${first.time.slice(0, 10)})` };
    }),
    charts: [{
      title: 'Repository size over time (bytes stored)', kind: 'line', unit: 'bytes',
      series: [...byRepository].map(([name, list]) => ({ name, points: downsample(list.map((s) => ({ x: s.time.slice(0, 16).replace('T', ' '), y: s.rawSize }))) })),
    }],
  };
}
