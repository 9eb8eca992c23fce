import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import ts from 'typescript';

/**
 * The public API surface (every emitted declaration except the internal protocol) is compared with a checked-in
 * snapshot, so an accidental change fails CI. Regenerate deliberately with UPDATE_API_SNAPSHOT=1.
 */
const distDir = dirname(fileURLToPath(import.meta.url));
const snapshotFile = join(distDir, '..', 'api-surface.snapshot.txt');

function declarationFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'protocol' ? [] : declarationFiles(path);
    return entry.name.endsWith('.d.ts') && !entry.name.endsWith('.test.d.ts') ? [path] : [];
  });
}

const printer = ts.createPrinter({ removeComments: true });

function currentSurface(): string {
  return declarationFiles(distDir)
    .map((file) => relative(distDir, file).split('\\').join('/'))
    .sort()
    .map((name) => {
      // Printed without comments: documentation edits are not API changes.
      const source = ts.createSourceFile(name, readFileSync(join(distDir, name), 'utf8'), ts.ScriptTarget.Latest);
      const body = printer.printFile(source).trim();
      return `=== ${name} ===\n${body}\n`;
    })
    .join('\n');
}

/** A unified-style line diff (LCS), enough to see what changed in review output. */
function lineDiff(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) { i++; j++; continue; }
    if (j < b.length && (i === a.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) out.push(`+ ${b[j++]}`);
    else out.push(`- ${a[i++]}`);
  }
  return out.join('\n');
}

describe('plugin API surface', () => {
  it('matches the checked-in snapshot (api-surface.snapshot.txt)', () => {
    const surface = currentSurface();
    if (process.env['UPDATE_API_SNAPSHOT'] === '1') {
      writeFileSync(snapshotFile, surface);
      return;
    }
    if (!existsSync(snapshotFile)) {
      expect.fail(`${snapshotFile} is missing; review the API and create it with UPDATE_API_SNAPSHOT=1`);
    }
    const snapshot = readFileSync(snapshotFile, 'utf8');
    if (snapshot !== surface) {
      expect.fail(
        `The public plugin API changed (- snapshot, + now). If the change is intended and keeps semver ` +
        `(only additions within a major), update the snapshot with UPDATE_API_SNAPSHOT=1:\n${lineDiff(snapshot, surface)}`,
      );
    }
  });
});
