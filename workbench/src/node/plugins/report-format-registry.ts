import type { CancellationToken, ReportDataDto } from '@timelocker/plugin-api';

export const ReportFormatRegistry = Symbol('ReportFormatRegistry');

/** Report formats plugins contribute (`contributes.reportFormats`). */
export interface ReportFormatRegistry {
  render(formatId: string, report: ReportDataDto, token?: CancellationToken): Promise<string | Uint8Array>;
}
