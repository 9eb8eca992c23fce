import { readFile } from 'node:fs/promises';
import { parse } from 'jsonc-parser';

export interface ConfigDiff {
  readonly added: string[];
  readonly removed: string[];
  readonly changed: string[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isEmptyObject(value: unknown): boolean {
  return isObject(value) && Object.keys(value).length === 0;
}

function pointer(path: readonly string[]): string {
  return path.length === 0 ? '/' : `/${path.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}

/**
 * Which config paths (JSON pointers) were added, removed or changed between two configs. Only paths,
 * never values: a changed secret source or an option that happens to hold a token leaves no value behind.
 * An added or removed subtree is reported once, at its root; arrays count as one value; a missing and an
 * empty object are the same.
 */
export function diffConfigPaths(before: unknown, after: unknown): ConfigDiff {
  const diff: ConfigDiff = { added: [], removed: [], changed: [] };
  const walk = (a: unknown, b: unknown, path: string[]): void => {
    if (isObject(a) && isObject(b)) {
      for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
        // Defaults filled in on load (`"plans": {}`) are not a change the user made.
        if (isEmptyObject(a[key]) && !(key in b) || isEmptyObject(b[key]) && !(key in a)) continue;
        // A top-level section appears or goes with its first or last entry: name the entries, not just the section.
        const section = path.length === 0 && (isObject(a[key]) || isObject(b[key]));
        if (section || (key in a && key in b)) walk(a[key] ?? {}, b[key] ?? {}, [...path, key]);
        else if (!(key in b)) diff.removed.push(pointer([...path, key]));
        else diff.added.push(pointer([...path, key]));
      }
    } else if (JSON.stringify(a) !== JSON.stringify(b)) {
      diff.changed.push(pointer(path));
    }
  };
  walk(before ?? {}, after ?? {}, []);
  return diff;
}

/** The config file as plain JSON (comments allowed), without validation; `{}` when missing or unreadable. */
export async function readRawConfig(file: string): Promise<Record<string, unknown>> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const value: unknown = text.trim() ? parse(text, [], { allowTrailingComma: true }) : {};
  return isObject(value) ? value : {};
}
