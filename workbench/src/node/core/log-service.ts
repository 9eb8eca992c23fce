import type { Event } from '@timelocker/plugin-api';

/** Kernel logging. Lines go to `<data-dir>/logs/timelocker.log`; warnings also to stderr when the launcher asks for it. */
export const LogService = Symbol('LogService');

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** `text`: `TIME LEVEL [component] message`; `json`: one object per line (`time`, `level`, `component`, `jobId`, `message`). */
export type LogFormat = 'text' | 'json';
export const logFormats: readonly LogFormat[] = ['text', 'json'];

/** What a line is about beyond its component; carried through async calls (a job's restic runs log its id). */
export interface LogContext {
  readonly jobId?: string;
}

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface LogService {
  /** A logger whose lines are prefixed with `[source]`, e.g. `restic`, `plugin:timelocker.local`. */
  getLogger(source: string): Logger;
  /** Registers a value that is replaced by `***` in every line logged afterwards. */
  addSecret(value: string): void;
  /** Masks every registered secret in `text` (used for errors and output too). */
  mask(text: string): string;
  /** Runs `fn` so that every line logged inside it (across awaits) carries `context`. */
  withContext<T>(context: LogContext, fn: () => T): T;
  /**
   * Every warning as it is written (masked), heard in the async context of the code that logged it: how a job the CLI
   * handed to a workbench gets its warnings back to the CLI's stderr, as if logged there.
   */
  readonly onDidLogWarning: Event<string>;
  /** Lines written from now on use `format`. */
  setFormat(format: LogFormat): void;
  flush(): Promise<void>;
}
