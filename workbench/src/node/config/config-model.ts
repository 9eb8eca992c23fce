import { TimeLockerError, type JsonObject, type JsonValue } from '@timelocker/plugin-api';

/** Where a secret comes from. `keyring` is the default when a repository gives none. */
export type SecretSource =
  | { readonly keyring: true }
  | { readonly env: string }
  | { readonly file: string }
  | { readonly command: string };

export interface RepositoryConfig {
  readonly backend: string;
  readonly password?: SecretSource;
  /** Backend-specific keys (validated by the backend's contributed `configSchema`). */
  readonly [key: string]: JsonValue | SecretSource | undefined;
}

export interface PlanConfig {
  readonly repository: string;
  readonly paths: readonly string[];
  readonly exclude?: readonly string[];
  readonly tags?: readonly string[];
  /** Keys later features add (schedule, retention, window, limits, check …). */
  readonly [key: string]: JsonValue | readonly string[] | undefined;
}

export interface LimitsConfig {
  readonly uploadKiBps?: number;
  readonly downloadKiBps?: number;
  readonly nice?: number;
  readonly ioniceClass?: number;
}

export interface PolicyConfig {
  readonly rule: string;
  readonly options?: JsonObject;
  readonly severity?: 'error' | 'warning';
  readonly repositories?: readonly string[];
  readonly plans?: readonly string[];
  readonly tags?: readonly string[];
  readonly description?: string;
}

export interface TimeLockerConfig {
  readonly $schema?: string;
  readonly repositories: Readonly<Record<string, RepositoryConfig>>;
  readonly plans: Readonly<Record<string, PlanConfig>>;
  readonly plugins?: Readonly<Record<string, JsonObject>>;
  readonly policies?: readonly PolicyConfig[];
  readonly limits?: LimitsConfig;
  readonly [key: string]: JsonValue | undefined | object;
}

/** One problem in a config file: where (file:line:column and JSON path) and what. */
export interface ConfigIssue {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly jsonPath: string;
  readonly message: string;
  /** Absent means `error`; a `warning` (e.g. an entry whose plugin is disabled) never refuses a config. */
  readonly severity?: 'error' | 'warning';
}

/** The config (the file, or a text given for it) is invalid: exit code 2, HTTP 400 with the issues. */
export class ConfigError extends TimeLockerError {
  constructor(readonly issues: readonly ConfigIssue[]) {
    super('config', issues.map((i) => `${i.file}:${i.line}:${i.column}: ${i.jsonPath ? `${i.jsonPath}: ` : ''}${i.message}`).join('\n'));
    this.name = 'ConfigError';
  }
}
