import type { Event, JsonObject, JsonValue } from '@timelocker/plugin-api';
import type { ConfigIssue, TimeLockerConfig } from './config-model.js';

export const ConfigService = Symbol('ConfigService');

export type JsonPathSegment = string | number;

export interface ConfigService {
  readonly configFile: string;
  /** Reads, parses (JSON with comments) and validates the file; a missing file is an empty config. Throws ConfigError with every issue. */
  load(): Promise<TimeLockerConfig>;
  /** Last successfully loaded config (loads on first use). */
  get(): Promise<TimeLockerConfig>;
  /** All issues of `text` against the composed schema, with line:column. */
  validateText(text: string, file?: string): ConfigIssue[];
  /** Schema issues, then (when there are none) every ConfigValidationParticipant's, e.g. blocking policy rules. */
  validate(text: string, file?: string): Promise<ConfigIssue[]>;
  /** The ONE schema: kernel base schema + every contributed backend/policy/notifier/configuration schema. */
  composedSchema(): JsonObject;
  /** Sets (or with `undefined` removes) a value, preserving comments and formatting; validates the result (schema and participants) first; atomic write. */
  modify(path: readonly JsonPathSegment[], value: JsonValue | undefined): Promise<TimeLockerConfig>;
  readonly onDidChangeConfig: Event<TimeLockerConfig>;
}
