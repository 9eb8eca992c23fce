import type { CancellationToken, ConnectionTestResult, JsonObject, SecretValues, ValidationIssue } from '@timelocker/plugin-api';
import type { BackendResolutionDto } from '@timelocker/plugin-api/protocol';

export const BackendRegistry = Symbol('BackendRegistry');

/** Kernel side of the `backends` point: activates `onBackend:<id>` and calls the plugin's provider over RPC. */
export interface BackendRegistry {
  validate(backendId: string, config: JsonObject, token: CancellationToken): Promise<ValidationIssue[]>;
  /** Validates and, unless an issue is an error, resolves, in one round trip: the issues, and the location when nothing blocks. */
  resolve(backendId: string, config: JsonObject, secrets: SecretValues, token: CancellationToken): Promise<BackendResolutionDto>;
  /** Throws ProviderCapabilityError when the provider has no `testConnection`. */
  testConnection(backendId: string, config: JsonObject, secrets: SecretValues, token: CancellationToken): Promise<ConnectionTestResult>;
}
