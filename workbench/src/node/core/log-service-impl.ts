import { AsyncLocalStorage } from 'node:async_hooks';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { EventEmitter } from '@timelocker/plugin-api';
import { inject, injectable } from 'inversify';
import { KernelOptions } from './kernel-options.js';
import { maskUrlCredentials } from './url-credentials.js';
import type { LogContext, LogFormat, LogLevel, Logger, LogService } from './log-service.js';

const MASK = '***';
// Errors reach the user through the failing command itself; warnings have no other way out.
const stderrLevels: ReadonlySet<LogLevel> = new Set(['warn']);

@injectable()
export class LogServiceImpl implements LogService {
  private readonly secrets = new Set<string>();
  private readonly file: string;
  private readonly context = new AsyncLocalStorage<LogContext>();
  private format: LogFormat;
  /** A format given on the command line wins over `logging.format` in the config. */
  private readonly formatFixed: boolean;
  private dirReady = false;
  private readonly warningEmitter = new EventEmitter<string>();
  readonly onDidLogWarning = this.warningEmitter.event;
  /** Set by launchers that want warnings echoed on stderr (the CLI does; tests usually don't). */
  echoToStderr = false;

  constructor(@inject(KernelOptions) options: KernelOptions) {
    this.file = join(options.dataDir, 'logs', 'timelocker.log');
    this.format = options.logFormat ?? 'text';
    this.formatFixed = options.logFormat !== undefined;
  }

  getLogger(source: string): Logger {
    return {
      debug: (m) => this.write('debug', source, m),
      info: (m) => this.write('info', source, m),
      warn: (m) => this.write('warn', source, m),
      error: (m) => this.write('error', source, m),
    };
  }

  addSecret(value: string): void {
    // Very short values would mask ordinary words; restic passwords and keys are longer.
    if (value.length >= 4) this.secrets.add(value);
  }

  mask(text: string): string {
    let masked = maskUrlCredentials(text);
    for (const secret of this.secrets) masked = masked.split(secret).join(MASK);
    return masked;
  }

  withContext<T>(context: LogContext, fn: () => T): T {
    return this.context.run({ ...this.context.getStore(), ...context }, fn);
  }

  setFormat(format: LogFormat): void {
    if (!this.formatFixed) this.format = format;
  }

  async flush(): Promise<void> {
    // appendFileSync is synchronous: nothing is buffered.
  }

  private write(level: LogLevel, source: string, message: string): void {
    const masked = this.mask(message);
    const time = new Date().toISOString();
    const jobId = this.context.getStore()?.jobId;
    const line = this.format === 'json'
      ? JSON.stringify({ time, level, component: source, ...(jobId !== undefined && { jobId }), message: masked })
      : `${time} ${level.toUpperCase()} [${source}] ${masked}`;
    try {
      if (!this.dirReady) {
        mkdirSync(join(this.file, '..'), { recursive: true });
        this.dirReady = true;
      }
      appendFileSync(this.file, `${line}\n`);
    } catch {
      // A full or read-only disk must not turn logging into a failure of the operation being logged.
    }
    if (level === 'warn') this.warningEmitter.fire(masked);
    if (this.echoToStderr && stderrLevels.has(level)) process.stderr.write(this.format === 'json' ? `${line}\n` : `${level}: ${masked}\n`);
  }
}
