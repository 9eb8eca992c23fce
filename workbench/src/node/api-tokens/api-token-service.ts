import type { Event } from '@timelocker/plugin-api';

export const ApiTokenService = Symbol('ApiTokenService');

export const apiRoles = ['viewer', 'operator', 'admin'] as const;
/** viewer reads; operator also runs jobs; admin also edits config, secrets, tokens and plugins. */
export type ApiRole = (typeof apiRoles)[number];

export function isApiRole(value: string): value is ApiRole {
  return (apiRoles as readonly string[]).includes(value);
}

/** Roles are ordered: a higher one may do everything a lower one may. */
export function roleAllows(granted: ApiRole, required: ApiRole): boolean {
  return apiRoles.indexOf(granted) >= apiRoles.indexOf(required);
}

export interface ApiTokenInfo {
  readonly name: string;
  readonly role: ApiRole;
  readonly createdAt: string;
  /** When it was last accepted (recorded at most every few minutes). */
  readonly lastUsedAt?: string;
  /** After this time it is refused like a revoked token; none = until revoked. */
  readonly expiresAt?: string;
  /** Lives only in this process's memory (launcher sessions); never stored. */
  readonly session?: boolean;
}

export interface CreatedApiToken extends ApiTokenInfo {
  /** The secret itself: shown once, only its SHA-256 is kept. */
  readonly token: string;
}

export interface CreateTokenOptions {
  /** ISO time, in the future. */
  readonly expiresAt?: string;
}

/** Bearer tokens of the REST API, stored hashed in the catalog. */
export interface ApiTokenService {
  create(name: string, role: ApiRole, options?: CreateTokenOptions): Promise<CreatedApiToken>;
  list(): Promise<ApiTokenInfo[]>;
  /** Fires `onDidRevoke` in this process; other processes notice at their next uncached `verify`. */
  revoke(name: string): Promise<boolean>;
  /** The name of a token revoked by this process. */
  readonly onDidRevoke: Event<string>;
  /** A token valid until this process exits (for the launcher that opens the UI); nothing is written. */
  createSessionToken(role: ApiRole): CreatedApiToken;
  /**
   * The token's owner, or undefined for an unknown, revoked or expired token. A token verified in the last two
   * seconds is trusted without a catalog read, unless `fresh` (long-lived event streams recheck with it).
   */
  verify(token: string, options?: { readonly fresh?: boolean }): Promise<ApiTokenInfo | undefined>;
}
