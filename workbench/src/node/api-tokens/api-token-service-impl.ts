import { createHash, randomBytes } from 'node:crypto';
import { EventEmitter, type Event } from '@timelocker/plugin-api';
import { inject, injectable } from 'inversify';
import type { QueryExecResult } from 'sql.js';
import { CatalogService } from '../catalog/catalog-service.js';
import { ConflictError, UsageError } from '../core/errors.js';
import type { ApiRole, ApiTokenInfo, ApiTokenService, CreatedApiToken, CreateTokenOptions } from './api-token-service.js';

const tokenName = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
/** Last-use stamps are coarse: a catalog write per request would serialize every API call behind the lock. */
const lastUsedResolutionMs = 5 * 60_000;
/** A verified token is trusted this long without a catalog read; revocation (also from the CLI) applies within it. */
const verifiedCacheMs = 2_000;

function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function newToken(): string {
  return `tlk_${randomBytes(32).toString('base64url')}`;
}

interface TokenRow {
  readonly name: string;
  readonly role: ApiRole;
  readonly created_at: string;
  readonly last_used_at: string | null;
  readonly expires_at: string | null;
}

const columns = 'name, role, created_at, last_used_at, expires_at';

function toInfo(row: TokenRow): ApiTokenInfo {
  return {
    name: row.name, role: row.role, createdAt: row.created_at,
    ...(row.last_used_at ? { lastUsedAt: row.last_used_at } : {}), ...(row.expires_at ? { expiresAt: row.expires_at } : {}),
  };
}

function expired(info: ApiTokenInfo, now: number): boolean {
  return info.expiresAt !== undefined && Date.parse(info.expiresAt) <= now;
}

@injectable()
export class ApiTokenServiceImpl implements ApiTokenService {
  private readonly sessions = new Map<string, ApiTokenInfo>();
  private readonly verified = new Map<string, { info: ApiTokenInfo; until: number }>();
  private readonly revoked = new EventEmitter<string>();
  readonly onDidRevoke: Event<string> = this.revoked.event;

  constructor(@inject(CatalogService) private readonly catalog: CatalogService) {}

  async create(name: string, role: ApiRole, options: CreateTokenOptions = {}): Promise<CreatedApiToken> {
    if (!tokenName.test(name)) throw new UsageError(`Invalid token name "${name}": use up to 64 letters, digits, '.', '_', '@' and '-'.`);
    const { expiresAt } = options;
    if (expiresAt !== undefined && !(Date.parse(expiresAt) > Date.now())) throw new UsageError(`The expiry ${expiresAt} is not a time in the future.`);
    const token = newToken();
    const createdAt = new Date().toISOString();
    await this.catalog.write((db) => {
      if (db.exec('SELECT 1 FROM api_tokens WHERE name = ?', [name]).length > 0) {
        throw new ConflictError(`A token named "${name}" already exists; revoke it first (\`timelocker token revoke ${name}\`).`);
      }
      db.run('INSERT INTO api_tokens (name, role, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)', [name, role, hashToken(token), createdAt, expiresAt ?? null]);
    });
    return { name, role, createdAt, ...(expiresAt ? { expiresAt } : {}), token };
  }

  async list(): Promise<ApiTokenInfo[]> {
    const stored = await this.catalog.read((db) => rows(db.exec(`SELECT ${columns} FROM api_tokens ORDER BY name`)));
    return [...stored.map(toInfo), ...this.sessions.values()];
  }

  async revoke(name: string): Promise<boolean> {
    for (const [hash, entry] of this.verified) if (entry.info.name === name) this.verified.delete(hash);
    const removed = await this.catalog.write((db) => {
      db.run('DELETE FROM api_tokens WHERE name = ?', [name]);
      return db.getRowsModified() > 0;
    });
    if (removed) this.revoked.fire(name);
    return removed;
  }

  createSessionToken(role: ApiRole): CreatedApiToken {
    const token = newToken();
    const info: ApiTokenInfo = { name: `session-${this.sessions.size + 1}`, role, createdAt: new Date().toISOString(), session: true };
    this.sessions.set(hashToken(token), info);
    return { ...info, token };
  }

  async verify(token: string, options: { readonly fresh?: boolean } = {}): Promise<ApiTokenInfo | undefined> {
    if (!token.startsWith('tlk_')) return undefined;
    const hash = hashToken(token);
    const session = this.sessions.get(hash);
    if (session) return session;
    const cached = this.verified.get(hash);
    if (cached && cached.until > Date.now() && !options.fresh && !expired(cached.info, Date.now())) return cached.info;
    this.verified.delete(hash);
    const row = await this.catalog.read((db) =>
      rows(db.exec(`SELECT ${columns} FROM api_tokens WHERE token_hash = ?`, [hash]))[0]);
    if (!row || expired(toInfo(row), Date.now())) return undefined;
    const lastUsed = row.last_used_at ? Date.parse(row.last_used_at) : 0;
    if (Date.now() - lastUsed > lastUsedResolutionMs) {
      const now = new Date().toISOString();
      void this.catalog.write((db) => db.run('UPDATE api_tokens SET last_used_at = ? WHERE name = ?', [now, row.name])).catch(() => undefined);
    }
    const info = toInfo(row);
    this.verified.set(hash, { info, until: Date.now() + verifiedCacheMs });
    return info;
  }
}

function rows(result: QueryExecResult[]): TokenRow[] {
  const first = result[0];
  if (!first) return [];
  return first.values.map((values) => Object.fromEntries(first.columns.map((c, i) => [c, values[i]])) as unknown as TokenRow);
}
