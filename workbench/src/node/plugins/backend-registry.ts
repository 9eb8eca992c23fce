import { TimeLockerError, type CancellationToken, type ConnectionTestResult, type JsonObject, type ResticLocation, type SecretValues, type ValidationIssue } from '@timelocker/plugin-api';

export const BackendRegistry = Symbol('BackendRegistry');

/** The backend's plugin is unavailable (`unavailable`), or the backend does not offer what was asked (`not-supported`). */
export class BackendUnavailableError extends TimeLockerError {
  constructor(message: string, kind: 'unavailable' | 'not-supported') {
    super(kind, message);
    this.name = 'BackendUnavailableError';
  }
}

/** Kernel side of the `backends` point: activates `onBackend:<id>` and calls the plugin's provider over RPC. */
export interface BackendRegistry {
  validate(backendId: string, config: JsonObject, token: CancellationToken): Promise<ValidationIssue[]>;
  resolve(backendId: string, config: JsonObject, secrets: SecretValues, token: CancellationToken): Promise<ResticLocation>;
  /** Throws BackendUnavailableError when the provider has no `testConnection`. */
  testConnection(backendId: string, config: JsonObject, secrets: SecretValues, token: CancellationToken): Promise<ConnectionTestResult>;
}
