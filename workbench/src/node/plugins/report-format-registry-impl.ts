import type { CancellationToken, ReportDataDto } from '@timelocker/plugin-api';
import { $renderReport } from '@timelocker/plugin-api/protocol';
import { inject, injectable } from 'inversify';
import { ProviderInvoker } from './provider-invoker.js';
import type { ReportFormatRegistry } from './report-format-registry.js';

@injectable()
export class ReportFormatRegistryImpl implements ReportFormatRegistry {
  constructor(@inject(ProviderInvoker) private readonly invoker: ProviderInvoker) {}

  async render(formatId: string, report: ReportDataDto, token?: CancellationToken): Promise<string | Uint8Array> {
    const output = await this.invoker.invoke('reportFormats', formatId, token, (rpc, handle, t) =>
      rpc.sendRequest($renderReport, { handle, report }, t));
    return output.kind === 'text' ? output.text : new Uint8Array(Buffer.from(output.base64, 'base64'));
  }
}
