import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Where TimeLocker keeps its audit log: segment files of JSON lines (see ARCHITECTURE.md). */
export function auditDir(dataDir: string): string {
  return join(dataDir, 'history', 'audit');
}

/** Every line of the audit log, oldest first, with the segment file each one is in. */
export async function auditLines(dataDir: string): Promise<Array<{ file: string; line: string }>> {
  const dir = auditDir(dataDir);
  const files = (await readdir(dir)).filter((name) => name.endsWith('.jsonl')).sort().map((name) => join(dir, name));
  const lines: Array<{ file: string; line: string }> = [];
  for (const file of files) for (const line of (await readFile(file, 'utf8')).split('\n')) if (line) lines.push({ file, line });
  return lines;
}

/** Rewrites the audit log's lines behind TimeLocker's back, as someone who can write the data dir could. */
export async function editAuditLines(dataDir: string, edit: (lines: string[]) => string[]): Promise<void> {
  const lines = await auditLines(dataDir);
  const files = [...new Set(lines.map((l) => l.file))];
  const edited = edit(lines.map((l) => l.line));
  // Everything goes into the first segment; the others are emptied, as a tidy attacker would leave it.
  for (const [i, file] of files.entries()) await writeFile(file, i === 0 ? `${edited.join('\n')}\n` : '');
}
