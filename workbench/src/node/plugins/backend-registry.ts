import type { CancellationToken, ConnectionTestResult, JsonObject, ResticLocation, SecretValues, ValidationIssue } from '@timelocker/plugin-api';

export const BackendRegistry = Symbol('BackendRegistry');

/** Kernel side of the `backends` point: activates `onBackend:<id>` and calls the plugin's provider over RPC. */
export interface BackendRegistry {
  validate(backendId: string, config: JsonObject, token: CancellationToken): Promise<ValidationIssue[]>;
  resolve(backendId: string, config: JsonObject, secrets: SecretValues, token: CancellationToken): Promise<ResticLocation>;
  /** Throws ProviderCapabilityError when the provider has no `testConnection`. */
  testConnection(backendId: string, config: JsonObject, secrets: SecretValues, token: CancellationToken): Promise<ConnectionTestResult>;
}
