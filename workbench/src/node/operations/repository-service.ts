import type { CancellationToken, ConnectionTestResult, JobDto, JsonObject, RepositoryDto, SnapshotDto } from '@timelocker/plugin-api';
import type { SecretSource } from '../config/config-model.js';

export const RepositoryService = Symbol('RepositoryService');

export interface AddRepositoryRequest {
  readonly name: string;
  readonly backend: string;
  /** Backend-specific keys, e.g. `{ path: "/abs/repo" }`. */
  readonly settings: JsonObject;
  /** A password to store in the keyring, or where to read it from instead. */
  readonly password: { readonly value: string } | { readonly source: SecretSource };
}

export interface RepositoryService {
  list(): Promise<RepositoryDto[]>;
  /** Validates through the backend plugin, stores the password, then writes the config. */
  add(request: AddRepositoryRequest, token: CancellationToken): Promise<RepositoryDto>;
  init(name: string, token: CancellationToken): Promise<{ job: JobDto; cause?: unknown }>;
  /** Adds an existing plain-restic repository: proves the password opens it, then lists its snapshots. */
  adopt(request: AddRepositoryRequest, token: CancellationToken): Promise<SnapshotDto[]>;
  /** Removes the config entry (never the backup data) and, if asked, its keyring secrets. */
  remove(name: string, options: { readonly deleteSecrets: boolean }): Promise<{ readonly deletedSecrets: readonly string[] }>;
  test(name: string, token: CancellationToken): Promise<ConnectionTestResult>;
}
