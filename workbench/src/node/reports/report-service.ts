import type { CancellationToken, ReportDataDto } from '@timelocker/plugin-api';

export const ReportService = Symbol('ReportService');

export const reportTypes = ['backup-jobs', 'snapshot-inventory', 'audit-trail', 'storage-utilization'] as const;
export type ReportType = (typeof reportTypes)[number];

export interface ReportPeriod {
  /** Inclusive ISO time. */
  readonly from?: string;
  /** Exclusive ISO time. */
  readonly to?: string;
}

export interface ReportRequest {
  readonly type: ReportType;
  readonly period?: ReportPeriod;
  /** Only this repository (jobs, snapshots, storage). */
  readonly repository?: string;
}

export interface RenderedReport {
  readonly data: ReportDataDto;
  readonly content: string | Uint8Array;
  /** File name extension the format declares, without the dot. */
  readonly extension: string;
  /** The data digest recorded in the report's tamper evidence (`sha256:<hex>`), which `report verify` recomputes. */
  readonly dataDigest: string;
}

export interface ReportVerification {
  readonly ok: boolean;
  readonly format: 'json' | 'csv';
  readonly type: string;
  readonly recordedDigest: string;
  readonly computedDigest: string;
  readonly rows: number;
  /** What differs, one sentence each; empty when `ok`. */
  readonly problems: readonly string[];
  /** The `report.generated` audit entry carrying the same digest, if this catalog holds it. */
  readonly auditEntry: { readonly seq: number; readonly time: string } | null;
}

/**
 * Builds report data from the catalog (jobs, audit log, storage samples) or the repositories (snapshots), adds tamper
 * evidence (audit chain state, data digest, generator), and renders it through a contributed report format.
 */
export interface ReportService {
  build(request: ReportRequest, token: CancellationToken): Promise<ReportDataDto>;
  render(request: ReportRequest, format: string, token: CancellationToken): Promise<RenderedReport>;
  /** Recomputes the data digest of a JSON or CSV report file's content. */
  verify(content: string): Promise<ReportVerification>;
}
