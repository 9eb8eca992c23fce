import type { JsonValue } from '@timelocker/plugin-api';
import type { JsonPathSegment } from './config-service.js';

/** Paths under `path` where `value` puts a plain string into a secret key (secrets go by reference only). */
export function plainSecretPaths(path: readonly JsonPathSegment[], value: JsonValue | undefined, secretKeys: ReadonlySet<string>): JsonPathSegment[][] {
  const found: JsonPathSegment[][] = [];
  const visit = (at: JsonPathSegment[], v: JsonValue | undefined): void => {
    const last = at[at.length - 1];
    if (typeof v === 'string' && typeof last === 'string' && secretKeys.has(last)) found.push(at);
    else if (Array.isArray(v)) v.forEach((item, i) => visit([...at, i], item));
    else if (typeof v === 'object' && v !== null) for (const [k, item] of Object.entries(v)) visit([...at, k], item);
  };
  visit([...path], value);
  return found;
}
