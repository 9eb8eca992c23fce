import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { isAbsolute } from 'node:path';
import { execa } from 'execa';
import { inject, injectable } from 'inversify';
import type { SecretSource } from '../config/config-model.js';
import { LogService, type Logger } from '../core/log-service.js';
import { processGroupStop } from '../core/process-group.js';
import { CredentialsError, KEYRING_SERVICE, type CredentialsService, type KeyringStatus } from './credentials-service.js';
import { keyringCause, keyringUnavailable, KEYRING_ALTERNATIVES, moduleCause } from './keyring-problem.js';
import { stripOneNewline } from './strip-one-newline.js';

/** The part of keytar we use; declared here because keytar is an optional dependency. */
interface Keytar {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

/** A Secret Service that never answers must not hang a backup. */
const KEYRING_TIMEOUT_MS = 15_000;
const COMMAND_TIMEOUT_MS = 60_000;
const COMMAND_KILL_GRACE_MS = 2_000;

@injectable()
export class CredentialsServiceImpl implements CredentialsService {
  private readonly logger: Logger;
  private keytar: Promise<Keytar | Error> | undefined;
  /** How long a password command may take before it is ended with everything it started. */
  commandTimeoutMs = COMMAND_TIMEOUT_MS;

  constructor(@inject(LogService) private readonly log: LogService) {
    this.logger = log.getLogger('credentials');
  }

  async resolve(account: string, source: SecretSource | undefined): Promise<string> {
    const value = await this.read(account, source);
    this.log.addSecret(value);
    return value;
  }

  async keyringStatus(): Promise<KeyringStatus> {
    const keytar = await this.loadKeytar();
    if (keytar instanceof Error) return { available: false, reason: moduleCause(keytar) };
    try {
      await withTimeout(keytar.findCredentials(KEYRING_SERVICE));
      return { available: true };
    } catch (error) {
      return { available: false, reason: this.log.mask(keyringCause(error)) };
    }
  }

  /** `service`: the kernel's own secrets (the audit key) live under another keyring service than the user's. */
  async store(account: string, value: string, service = KEYRING_SERVICE): Promise<void> {
    this.log.addSecret(value);
    await this.call((k) => k.setPassword(service, account, value));
  }

  async get(account: string, service = KEYRING_SERVICE): Promise<string | undefined> {
    const value = await this.call((k) => k.getPassword(service, account));
    if (value === null) return undefined;
    this.log.addSecret(value);
    return value;
  }

  delete(account: string): Promise<boolean> {
    return this.call((k) => k.deletePassword(KEYRING_SERVICE, account));
  }

  async list(prefix = ''): Promise<string[]> {
    const credentials = await this.call((k) => k.findCredentials(KEYRING_SERVICE));
    return credentials.map((c) => c.account).filter((a) => a.startsWith(prefix)).sort();
  }

  private async read(account: string, source: SecretSource | undefined): Promise<string> {
    if (!source || 'keyring' in source) {
      const value = await this.get(account);
      if (value === undefined) {
        throw new CredentialsError(`No secret is stored in the keyring for "${account}". Store it in the keyring first, or: ${KEYRING_ALTERNATIVES}`);
      }
      return value;
    }
    if ('env' in source) {
      const value = process.env[source.env];
      if (!value) throw new CredentialsError(`Environment variable ${source.env} is not set or empty (it should hold the secret for "${account}").`);
      return value;
    }
    if ('file' in source) return this.readFileSource(account, source.file);
    return this.runCommandSource(account, source.command);
  }

  private async readFileSource(account: string, file: string): Promise<string> {
    if (!isAbsolute(file)) throw new CredentialsError(`The password file for "${account}" must be an absolute path, not "${file}".`);
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) throw new CredentialsError(`The password file ${file} for "${account}" does not exist or is not a file.`);
    if ((info.mode & 0o044) !== 0) {
      this.logger.warn(`Password file ${file} is readable by group or others; restrict it with \`chmod 600 ${file}\`.`);
    }
    const value = stripOneNewline(await readFile(file, 'utf8'));
    if (value === '') throw new CredentialsError(`The password file ${file} for "${account}" is empty.`);
    return value;
  }

  private async runCommandSource(account: string, command: string): Promise<string> {
    // A shell is used only here: the command line is the user's own configuration, like restic's --password-command.
    // In a process group of its own, so that a timeout ends what the shell started too (it holds the output pipe).
    const child = execa('/bin/sh', ['-c', command], { reject: false, stripFinalNewline: false, stdin: 'ignore', detached: true });
    const group = processGroupStop(child, COMMAND_KILL_GRACE_MS, this.commandTimeoutMs);
    const result = await child.finally(() => group.dispose());
    const { timedOut } = group;
    const value = stripOneNewline(result.stdout);
    if (value) this.log.addSecret(value);
    if (result.failed || timedOut) {
      const why = timedOut ? `timed out after ${this.commandTimeoutMs / 1000} s` : result.signal ? `killed by ${result.signal}` : `exit ${result.exitCode}`;
      const stderr = result.stderr.trim();
      throw new CredentialsError(this.log.mask(`The password command for "${account}" failed (${why})${stderr ? `: ${stderr}` : ''}`));
    }
    if (value === '') throw new CredentialsError(`The password command for "${account}" printed nothing.`);
    return value;
  }

  /** Runs one keytar call; every failure becomes a CredentialsError that names the alternatives. */
  private async call<T>(operation: (keytar: Keytar) => Promise<T>): Promise<T> {
    const keytar = await this.loadKeytar();
    if (keytar instanceof Error) throw keyringUnavailable(moduleCause(keytar));
    try {
      return await withTimeout(operation(keytar));
    } catch (error) {
      throw keyringUnavailable(this.log.mask(keyringCause(error)));
    }
  }

  private loadKeytar(): Promise<Keytar | Error> {
    // require, not import(): the CLI bundle runs as a vm script, which has no dynamic import; keytar is CommonJS.
    this.keytar ??= Promise.resolve().then(() => createRequire(import.meta.url)('keytar') as Keytar).catch(
      (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
    );
    return this.keytar;
  }
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the Secret Service did not answer within ${KEYRING_TIMEOUT_MS / 1000} s`)), KEYRING_TIMEOUT_MS);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
