import type { Disposable, Event, JsonObject, JsonValue } from '@timelocker/plugin-api';
import { TimeLockerError } from '../core/errors.js';
import type { ConfigIssue, TimeLockerConfig } from './config-model.js';

export const ConfigService = Symbol('ConfigService');

export type JsonPathSegment = string | number;

/** One change of the config file, whoever made it. */
export interface ConfigChange {
  readonly config: TimeLockerConfig;
  readonly text: string;
  /** The text it replaced, when TimeLocker wrote it (an edit found on disk has no known predecessor). */
  readonly previousText?: string;
  /** The new text's hash (the API's ETag). */
  readonly hash: string;
  /** Who changed it: `cli:<user>`, `api:<token>`, `scheduler` … or `file-edit` for an edit made outside TimeLocker. */
  readonly actor: string;
  /** An edit of one value (CLI, forms), a whole new text (settings editor), or an edit found on disk (text editor). */
  readonly via: 'modify' | 'replace' | 'file';
}

/** The file changed under a compare-and-swap: someone else wrote it since it was read. */
export class ConfigConflictError extends TimeLockerError {
  constructor(message: string) {
    super('precondition-failed', message);
    this.name = 'ConfigConflictError';
  }
}

export interface ConfigService {
  readonly configFile: string;
  /** Reads, parses (JSON with comments) and validates the file; a missing file is an empty config. Throws ConfigError with every issue. */
  load(): Promise<TimeLockerConfig>;
  /** Last valid config (loads on first use); kept current by every write and, in long-lived processes, by the file watcher. */
  get(): Promise<TimeLockerConfig>;
  /** The file's text and its hash (the API's ETag). */
  read(): Promise<{ readonly text: string; readonly hash: string }>;
  /** All issues of `text` against the composed schema, with line:column. */
  validateText(text: string, file?: string): ConfigIssue[];
  /** Schema issues, then (when there are none) plain secrets and every ConfigValidationParticipant's, e.g. blocking policy rules. */
  validate(text: string, file?: string): Promise<ConfigIssue[]>;
  /** The ONE schema: kernel base schema + every contributed backend/policy/notifier/configuration schema. */
  composedSchema(): JsonObject;
  /**
   * Sets (or with `undefined` removes) a value, preserving comments and formatting: a read-modify-write under the
   * inter-process lock whose write is a compare-and-swap on the content hash (an edit that slipped in is re-read,
   * never overwritten). Validates the result (schema and participants) first. With `expectedHash` (not `*`), only
   * while the file still has that hash (ConfigConflictError otherwise); a path that does not fit the file is a UsageError.
   */
  modify(path: readonly JsonPathSegment[], value: JsonValue | undefined, expectedHash?: string): Promise<TimeLockerConfig>;
  /** Replaces the whole text if the file still has `expectedHash` (`*`: whatever it has); ConfigConflictError otherwise. */
  replace(text: string, expectedHash: string): Promise<ConfigChange>;
  /** Takes notice of the file as it is on disk (an edit outside TimeLocker): one change event when it differs. */
  reconcile(): Promise<void>;
  /** Watches the file's folder and reconciles after every change (long-lived processes). */
  watch(): Promise<Disposable>;
  /** Once per change of the file, whoever made it. */
  readonly onDidChangeConfig: Event<ConfigChange>;
}
