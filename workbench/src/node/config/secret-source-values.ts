import type { JsonValue } from '@timelocker/plugin-api';

/** What the config's secret sources of one kind name (`{ "env": "VAR" }`, `{ "file": "/path" }`), wherever they appear. */
export function secretSourceValues(value: JsonValue | object | undefined, kind: 'env' | 'file', found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) secretSourceValues(item as JsonValue, kind, found);
  else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length === 1 && keys[0] === kind && typeof record[kind] === 'string') found.add(record[kind]);
    else for (const child of Object.values(record)) secretSourceValues(child as JsonValue, kind, found);
  }
  return found;
}
