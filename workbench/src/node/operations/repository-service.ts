import type { CancellationToken, ConnectionTestResult, JobDto, JsonObject, RepositoryDto, SnapshotDto } from '@timelocker/plugin-api';
import type { SecretSource } from '../config/config-model.js';

export const RepositoryService = Symbol('RepositoryService');

/**
 * A secret for a new repository: stored in the keyring (`value`), written to a new file only this user can read
 * (`value` + `file`, for machines without a keyring), or read from `source` at every run.
 */
export type SecretInput =
  | { readonly value: string; readonly file?: undefined }
  | { readonly value: string; readonly file: string }
  | { readonly source: SecretSource };

export interface AddRepositoryRequest {
  readonly name: string;
  readonly backend: string;
  /** Backend-specific keys, e.g. `{ path: "/abs/repo" }`. */
  readonly settings: JsonObject;
  readonly password: SecretInput;
  /** The backend's secret fields (e.g. `secretAccessKey`), by field id. */
  readonly secrets?: Readonly<Record<string, SecretInput>>;
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
  /** Renames the config entry and moves its keyring secrets; plans and policies follow. Backup data is untouched. */
  rename(from: string, to: string): Promise<{ readonly movedSecrets: readonly string[] }>;
  /** The repository's config entry: backend settings and secret sources (never secret values). */
  entry(name: string): Promise<JsonObject>;
  /** Replaces the config entry; the backend stays, its plugin validates the settings. Backup data is untouched. */
  update(name: string, entry: JsonObject, token: CancellationToken): Promise<RepositoryDto>;
}
