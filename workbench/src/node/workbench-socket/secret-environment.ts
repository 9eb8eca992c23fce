import { createHmac } from 'node:crypto';
import type { RepositoryConfig } from '../config/config-model.js';
import { secretSourceValues } from '../config/secret-source-values.js';
import { PASSWORD_ENV } from '../credentials/credentials-service.js';

/** The environment variables the secrets of these repository entries come from, and the password fallback. */
export function secretEnvNames(repositories: readonly RepositoryConfig[]): string[] {
  return [...secretSourceValues(repositories, 'env', new Set([PASSWORD_ENV]))].sort();
}

/**
 * What each variable holds, as an HMAC under a one-time `nonce`: two processes compare their secrets without either
 * sending one (an unset variable is null).
 */
export function envDigests(names: readonly string[], nonce: string, env: NodeJS.ProcessEnv = process.env): Record<string, string | null> {
  return Object.fromEntries(names.map((name) => {
    const value = env[name];
    return [name, value === undefined ? null : createHmac('sha256', nonce).update(value).digest('hex')];
  }));
}
