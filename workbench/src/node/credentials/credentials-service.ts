import { TimeLockerError } from '@timelocker/plugin-api';
import type { SecretSource } from '../config/config-model.js';

export const CredentialsService = Symbol('CredentialsService');

/** keytar service name; accounts are `<repo>/password`, `<repo>/<backend>.<field>`, `plugin:<id>/<key>`. */
export const KEYRING_SERVICE = 'timelocker';

/** One-off password for commands run where no keyring is reachable. */
export const PASSWORD_ENV = 'TIMELOCKER_PASSWORD';

export interface KeyringStatus {
  readonly available: boolean;
  /** Why not (the alternatives — env, file, command — are for the caller to offer). */
  readonly reason?: string;
}

/** A secret could not be had: the keyring is unreachable or locked, or the env var, file or command gave none. */
export class CredentialsError extends TimeLockerError {
  /** @param keyringCause When the keyring itself cannot be used: why, without the alternatives the message offers. */
  constructor(message: string, readonly keyringCause?: string) {
    super('unavailable', message);
    this.name = 'CredentialsError';
  }
}

export interface CredentialsService {
  /** The secret for `account` from `source` (keyring when undefined). Throws CredentialsError with a clear next step. Registers the value with LogService for masking. */
  resolve(account: string, source: SecretSource | undefined): Promise<string>;
  keyringStatus(): Promise<KeyringStatus>;
  /** Throws CredentialsError when the keyring is unavailable or locked; never falls back to plain text. */
  store(account: string, value: string): Promise<void>;
  get(account: string): Promise<string | undefined>;
  delete(account: string): Promise<boolean>;
  /** Account names only, never values. */
  list(prefix?: string): Promise<string[]>;
}

/** Where password files created for machines without a keyring go by default (folder 0700, files 0600). */
export function passwordFileDir(dataDir: string): string {
  return `${dataDir}/secrets`;
}

export function repositoryAccount(repository: string, field: string): string {
  return `${repository}/${field}`;
}
