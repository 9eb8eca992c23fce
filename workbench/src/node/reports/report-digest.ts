import { createHash } from 'node:crypto';
import type { JsonValue } from '@timelocker/plugin-api';

/** JSON with object keys sorted at every level, so equal data always hashes the same. */
export function canonicalJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key]!)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * A cell as text, exactly as the CSV format writes it: the digest is taken over these texts so that it can be
 * recomputed from a CSV file as well as from a JSON one.
 */
export function cellText(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return canonicalJson(value);
}

export const digestMethod = 'SHA-256 over the canonical JSON of {"columns":[keys],"rows":[[cell texts]]}';

/** `sha256:<hex>` over the column keys and every row's cells as text, in column order. */
export function dataDigest(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  const hash = createHash('sha256');
  // Streamed row by row: 10,000-row reports never build one big string.
  hash.update(`{"columns":${canonicalJson([...columns])},"rows":[`);
  rows.forEach((row, i) => hash.update(`${i > 0 ? ',' : ''}${canonicalJson([...row])}`));
  hash.update(']}');
  return `sha256:${hash.digest('hex')}`;
}

export function rowTexts(columns: readonly string[], rows: ReadonlyArray<Readonly<Record<string, JsonValue>>>): string[][] {
  return rows.map((row) => columns.map((key) => cellText(row[key])));
}
