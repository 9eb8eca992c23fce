import type { AuditEntryDto, CancellationToken, JsonObject, SecretValues } from '@timelocker/plugin-api';
import { $deliverAuditEntries } from '@timelocker/plugin-api/protocol';
import { inject, injectable } from 'inversify';
import type { AuditSinkRegistry } from './audit-sink-registry.js';
import { ProviderInvoker } from './provider-invoker.js';

@injectable()
export class AuditSinkRegistryImpl implements AuditSinkRegistry {
  constructor(@inject(ProviderInvoker) private readonly invoker: ProviderInvoker) {}

  deliver(sinkType: string, entries: readonly AuditEntryDto[], config: JsonObject, secrets: SecretValues, token?: CancellationToken): Promise<void> {
    return this.invoker.invoke('auditSinks', sinkType, token, (rpc, handle, t) =>
      rpc.sendRequest($deliverAuditEntries, { handle, entries: [...entries], config, secrets: { ...secrets } }, t));
  }
}
