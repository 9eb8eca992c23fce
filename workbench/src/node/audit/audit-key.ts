import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { inject, injectable } from 'inversify';
import { TimeLockerError } from '../core/errors.js';
import { KernelOptions } from '../core/kernel-options.js';
import { writeFileAtomic } from '../core/durable-files.js';
import { CredentialsServiceImpl } from '../credentials/credentials-service-impl.js';

/** The secret that keys the audit chain, and the first entry it keys (entries before it were chained without a key). */
export interface AuditKey {
  readonly secret: Buffer;
  readonly keyedFromSeq: number;
  /** A short fingerprint, safe to show and store. */
  readonly id: string;
}

/** The audit key cannot be found where it was kept: appending or verifying would be meaningless. */
export class AuditKeyError extends TimeLockerError {
  constructor(message: string) {
    super('unavailable', message);
    this.name = 'AuditKeyError';
  }
}

/** Where the key is in the keyring: a service of its own, so it never shows among the user's secrets. */
export const AUDIT_KEY_SERVICE = 'timelocker-audit';
export const AUDIT_KEY_ACCOUNT = 'hmac-key';
const keyFileName = 'audit.key';
/** Where the key went (not the key): so a keyring that is away later is reported instead of a new key being made. */
const locationFileName = 'audit-key-location.json';

interface StoredKey {
  readonly key: string;
  readonly keyedFromSeq: number;
}

type Location = 'keyring' | 'file';

function parse(text: string): AuditKey | undefined {
  try {
    const value = JSON.parse(text) as Partial<StoredKey>;
    if (typeof value.key !== 'string' || typeof value.keyedFromSeq !== 'number') return undefined;
    const secret = Buffer.from(value.key, 'base64');
    return { secret, keyedFromSeq: value.keyedFromSeq, id: createHash('sha256').update(secret).digest('hex').slice(0, 16) };
  } catch {
    return undefined;
  }
}

/**
 * The HMAC key of the audit chain lives where someone who can write the data dir cannot: in the OS keyring, or,
 * without one, in a file beside the config file (outside the data dir). Its value also says from which entry on
 * the chain is keyed, so that moving that point needs the key too.
 */
@injectable()
export class AuditKeyProvider {
  readonly keyFile: string;
  private readonly locationFile: string;
  private cached: Promise<AuditKey | undefined> | undefined;

  constructor(
    @inject(CredentialsServiceImpl) private readonly credentials: CredentialsServiceImpl,
    @inject(KernelOptions) options: KernelOptions,
  ) {
    this.keyFile = join(dirname(options.configFile), keyFileName);
    this.locationFile = join(options.dataDir, locationFileName);
  }

  /** The key, or undefined when none was made yet (only entries from before keying exist). */
  async find(): Promise<AuditKey | undefined> {
    // Only a found key is kept: another process may make the first one any time.
    this.cached ??= this.lookUp();
    const key = await this.cached.catch((error: unknown) => {
      this.cached = undefined;
      throw error;
    });
    if (!key) this.cached = undefined;
    return key;
  }

  /** The key, made now when there is none; entries from `nextSeq` on are keyed by it. */
  async obtain(nextSeq: number): Promise<AuditKey> {
    const found = await this.find();
    if (found) return found;
    const stored: StoredKey = { key: randomBytes(32).toString('base64'), keyedFromSeq: nextSeq };
    const text = JSON.stringify(stored);
    let location: Location = 'keyring';
    try {
      await this.credentials.store(AUDIT_KEY_ACCOUNT, text, AUDIT_KEY_SERVICE);
    } catch {
      location = 'file';
      await mkdir(dirname(this.keyFile), { recursive: true });
      await writeFileAtomic(this.keyFile, `${text}\n`, 0o600);
    }
    await writeFileAtomic(this.locationFile, `${JSON.stringify({ location, ...(location === 'file' ? { file: this.keyFile } : {}) })}\n`);
    const key = parse(text)!;
    this.cached = Promise.resolve(key);
    return key;
  }

  private async lookUp(): Promise<AuditKey | undefined> {
    const location = await readFile(this.locationFile, 'utf8').then((t) => (JSON.parse(t) as { location?: Location }).location, () => undefined);
    let keyringProblem: string | undefined;
    // A key recorded as kept in a file needs no keyring: not loading keytar spares every command its D-Bus round trip.
    if (location !== 'file') {
      try {
        const value = await this.credentials.get(AUDIT_KEY_ACCOUNT, AUDIT_KEY_SERVICE);
        if (value !== undefined) return this.valid(parse(value), `the keyring entry ${AUDIT_KEY_SERVICE}/${AUDIT_KEY_ACCOUNT}`);
      } catch (error) {
        keyringProblem = (error as Error).message;
      }
    }
    const fileText = await readFile(this.keyFile, 'utf8').catch(() => undefined);
    if (fileText !== undefined) return this.valid(parse(fileText), this.keyFile);
    if (location === 'keyring') {
      throw new AuditKeyError(keyringProblem
        ? `The audit log's key is in the keyring, which is not available (${keyringProblem}). Unlock the keyring (or start its session) and run the command again.`
        : `The audit log's key is missing from the keyring (entry ${AUDIT_KEY_SERVICE}/${AUDIT_KEY_ACCOUNT}). Without it the log cannot be extended or verified; restore the keyring entry.`);
    }
    if (location === 'file') {
      throw new AuditKeyError(`The audit log's key file ${this.keyFile} is missing. Without it the log cannot be extended or verified; restore that file.`);
    }
    return undefined;
  }

  private valid(key: AuditKey | undefined, where: string): AuditKey {
    if (!key) throw new AuditKeyError(`The audit log's key in ${where} is not readable as a TimeLocker audit key.`);
    return key;
  }
}
