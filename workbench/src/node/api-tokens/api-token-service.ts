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
  readonly lastUsedAt?: string;
  /** Lives only in this process's memory (launcher sessions); never stored. */
  readonly session?: boolean;
}

export interface CreatedApiToken extends ApiTokenInfo {
  /** The secret itself: shown once, only its SHA-256 is kept. */
  readonly token: string;
}

/** Bearer tokens of the REST API, stored hashed in the catalog. */
export interface ApiTokenService {
  create(name: string, role: ApiRole): Promise<CreatedApiToken>;
  list(): Promise<ApiTokenInfo[]>;
  revoke(name: string): Promise<boolean>;
  /** A token valid until this process exits (for the launcher that opens the UI); nothing is written. */
  createSessionToken(role: ApiRole): CreatedApiToken;
  /** The token's owner, or undefined for an unknown or revoked token. */
  verify(token: string): Promise<ApiTokenInfo | undefined>;
}
