import type { Database } from 'sql.js';

/** Small current-state values in the catalog's `state` table, as JSON under a dotted key. */
export function readState<T>(db: Database, key: string): T | undefined {
  const value = db.exec('SELECT value FROM state WHERE key = ?', [key])[0]?.values[0]?.[0];
  return typeof value === 'string' ? JSON.parse(value) as T : undefined;
}

export function writeState(db: Database, key: string, value: unknown): void {
  db.run('INSERT INTO state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, JSON.stringify(value)]);
}

export function deleteState(db: Database, key: string): void {
  db.run('DELETE FROM state WHERE key = ?', [key]);
}
