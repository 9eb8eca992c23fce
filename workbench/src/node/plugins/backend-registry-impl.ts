import type { CancellationToken, ConnectionTestResult, JsonObject, SecretValues, ValidationIssue } from '@timelocker/plugin-api';
import {
  $provideBackendResolve, $provideBackendTestConnection, $provideBackendValidate, type BackendResolutionDto,
} from '@timelocker/plugin-api/protocol';
import { inject, injectable } from 'inversify';
import type { BackendRegistry } from './backend-registry.js';
import { ProviderInvoker } from './provider-invoker.js';

@injectable()
export class BackendRegistryImpl implements BackendRegistry {
  constructor(@inject(ProviderInvoker) private readonly invoker: ProviderInvoker) {}

  /** A backend without `validate` has no checks beyond its schema: the host answers with no issues. */
  validate(backendId: string, config: JsonObject, token: CancellationToken): Promise<ValidationIssue[]> {
    return this.invoker.invoke('backends', backendId, token, (rpc, handle, t) => rpc.sendRequest($provideBackendValidate, { handle, config }, t));
  }

  resolve(backendId: string, config: JsonObject, secrets: SecretValues, token: CancellationToken): Promise<BackendResolutionDto> {
    return this.invoker.invoke('backends', backendId, token, (rpc, handle, t) =>
      rpc.sendRequest($provideBackendResolve, { handle, config, secrets: { ...secrets }, validate: true }, t));
  }

  testConnection(backendId: string, config: JsonObject, secrets: SecretValues, token: CancellationToken): Promise<ConnectionTestResult> {
    return this.invoker.invoke('backends', backendId, token, (rpc, handle, t) =>
      rpc.sendRequest($provideBackendTestConnection, { handle, config, secrets: { ...secrets } }, t), 'testConnection');
  }
}
