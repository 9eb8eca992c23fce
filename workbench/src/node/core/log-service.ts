/** Kernel logging. Lines go to `<data-dir>/logs/timelocker.log`; warnings also to stderr when the launcher asks for it. */
export const LogService = Symbol('LogService');

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

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
  flush(): Promise<void>;
}
