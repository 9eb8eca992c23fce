import type { CancellationToken, ConnectionTestResult, JsonObject, RepositoryDto, SnapshotDto } from '@timelocker/plugin-api';
import type { SecretSource } from '../config/config-model.js';
import { ConflictError, UsageError } from '../core/errors.js';
import type { JobHandle } from '../jobs/job-service.js';

export const RepositoryService = Symbol('RepositoryService');

/**
 * A secret for a new repository: stored in the keyring (`value`), written to a new file only this user can read
 * (`value` + `file`, for machines without a keyring), or read from `source` at every run.
 */
export type SecretInput =
  | { readonly value: string; readonly file?: undefined }
  | { readonly value: string; readonly file: string }
  | { readonly source: SecretSource };

/** Init of a repository that had snapshots, without the confirmation that names its location. */
export class InitConfirmationRequired extends UsageError {
  constructor(readonly repository: string, readonly location: string, known: { readonly count: number; readonly latest: string }) {
    super(`Repository "${repository}" had ${known.count} snapshot(s), the latest of ${known.latest}: if nothing is found at ${location} now, ` +
      'the drive may not be mounted, and a new, empty repository would only hide that. Nothing was created. To create a new, empty ' +
      `repository there anyway: timelocker repo init ${repository} --confirm-path ${location}`);
    this.name = 'InitConfirmationRequired';
  }
}

/** Init of a repository that is there already: the goal holds, nothing was done (the CLI exits 0; REST answers 409). */
export class RepositoryAlreadyInitialized extends ConflictError {
  constructor(readonly repository: string, readonly location: string, readonly snapshots: number) {
    super(`Repository "${repository}" is already initialized at ${location} (${snapshots} snapshot(s)); nothing to do.`);
    this.name = 'RepositoryAlreadyInitialized';
  }
}

export interface AddRepositoryRequest {
  readonly name: string;
  readonly backend: string;
  /** Backend-specific keys, e.g. `{ path: "/abs/repo" }`. */
  readonly settings: JsonObject;
  readonly password: SecretInput;
  /** The backend's secret fields (e.g. `secretAccessKey`), by field id. */
  readonly secrets?: Readonly<Record<string, SecretInput>>;
}

export interface InitOptions {
  /** The repository's location, confirming that a repository that had snapshots is to be created anew. */
  readonly confirmPath?: string;
  /** A repository whose chunker parameters to take (`restic init --copy-chunker-params`), so copies from it deduplicate. */
  readonly like?: string;
}

export interface RepositoryService {
  list(): Promise<RepositoryDto[]>;
  /** Validates through the backend plugin, stores the password, then writes the config. */
  add(request: AddRepositoryRequest, token: CancellationToken): Promise<RepositoryDto>;
  /**
   * Creates the restic repository at its location. One that is there already is left alone (RepositoryAlreadyInitialized).
   * A repository the catalog knew snapshots of is not a new one: then only `confirmPath` equal to its location lets it
   * go ahead (InitConfirmationRequired otherwise).
   */
  init(name: string, options: InitOptions, token: CancellationToken): Promise<JobHandle>;
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
