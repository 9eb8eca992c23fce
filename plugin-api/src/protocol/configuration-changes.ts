import type { JsonObject, JsonValue } from '../dto.js';

const isObject = (value: JsonValue | undefined): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Dotted paths (`<pluginId>.<key>…`) whose values differ between two `plugins` sections; objects are compared key by key. */
export function changedSettingPaths(before: Readonly<Record<string, JsonValue>>, after: Readonly<Record<string, JsonValue>>, prefix = ''): string[] {
  const changed: string[] = [];
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const path = prefix ? `${prefix}.${key}` : key;
    const a = before[key];
    const b = after[key];
    if (isObject(a) && isObject(b)) changed.push(...changedSettingPaths(a, b, path));
    else if (JSON.stringify(a) !== JSON.stringify(b)) changed.push(path);
  }
  return changed;
}
