import type { ReportFormatProvider, ReportsApi } from '@timelocker/plugin-api';
import { $renderReport, type PluginDescriptionDto, type RenderedReportDto } from '@timelocker/plugin-api/protocol';
import type { ExtContext } from './ext-context.js';
import { callProvider } from './provider-call.js';

export function createReportsApi(plugin: PluginDescriptionDto, ctx: ExtContext): ReportsApi {
  return { registerFormat: (id, provider) => ctx.store.register(plugin, 'reportFormats', id, provider) };
}

export function registerReportHandlers(ctx: ExtContext): void {
  ctx.rpc.onRequest($renderReport, ({ handle, report }, token) =>
    callProvider(ctx.store.get<ReportFormatProvider>(handle, 'reportFormats'), token, async (p, t): Promise<RenderedReportDto> => {
      const output = await p.render(report, t);
      return typeof output === 'string'
        ? { kind: 'text', text: output }
        : { kind: 'binary', base64: Buffer.from(output).toString('base64') };
    }));
}
