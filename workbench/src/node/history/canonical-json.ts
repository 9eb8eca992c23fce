import type { JsonValue } from '@timelocker/plugin-api';

/**
 * JSON with object keys sorted (by UTF-16 code units) and no whitespace, so the same value always
 * hashes the same regardless of how it was built. `undefined` members are dropped, like JSON.stringify.
 */
export function canonicalJson(value: JsonValue | undefined): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError(`canonical JSON has no ${value}`);
    return JSON.stringify(value ?? null);
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  // A plain loop: verification runs this for every entry of the log.
  const keys = Object.keys(value).sort();
  let out = '';
  for (const key of keys) {
    const member = value[key];
    if (member === undefined) continue;
    out += `${out ? ',' : ''}${JSON.stringify(key)}:${canonicalJson(member)}`;
  }
  return `{${out}}`;
}
