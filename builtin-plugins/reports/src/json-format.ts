import type { ReportDataDto, ReportFormatProvider } from '@timelocker/plugin-api';

/** The report data itself: `timelocker report verify` and any JSON tool read it back as it was generated. */
export function renderJson(report: ReportDataDto): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

export const jsonFormat: ReportFormatProvider = {
  render: (report) => Promise.resolve(renderJson(report)),
};
