import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import ts from 'typescript';
import { API_VERSION } from './index.js';

/**
 * API compatibility check. `api-surface.snapshot.txt` is the public surface of the last released API version, one
 * line per declaration and per member (every emitted declaration except the internal protocol). The current surface
 * is compared with it: additions are reported; a removal (or a changed line, which is a removal plus an addition)
 * within the same major version fails. At a release, record the new surface with UPDATE_API_SNAPSHOT=1.
 */
const distDir = dirname(fileURLToPath(import.meta.url));
const snapshotFile = join(distDir, '..', 'api-surface.snapshot.txt');
const HEADER = '# @timelocker/plugin-api ';

function declarationFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'protocol' ? [] : declarationFiles(path);
    return entry.name.endsWith('.d.ts') && !entry.name.endsWith('.test.d.ts') ? [path] : [];
  });
}

// Printed without comments: documentation edits are not API changes.
const printer = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed });
const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** One line per top-level declaration, and one per (non-private) member of interfaces, classes and namespaces. */
function surfaceLines(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest);
  const print = (node: ts.Node): string => oneLine(printer.printNode(ts.EmitHint.Unspecified, node, source));
  const lines: string[] = [];
  const visit = (statement: ts.Statement, container: string): void => {
    if (ts.isImportDeclaration(statement)) return;
    if (ts.isInterfaceDeclaration(statement) || ts.isClassDeclaration(statement)) {
      const name = `${container}${statement.name?.text ?? 'default'}`;
      const header = print(statement).replace(/\{.*$/, '').trim();
      lines.push(`${file}: ${header}`);
      for (const member of statement.members) {
        // Private members show in .d.ts files but are no part of the API.
        const modifiers = ts.canHaveModifiers(member) ? ts.getModifiers(member) ?? [] : [];
        if (!modifiers.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword)) lines.push(`${file}: ${name} { ${print(member)} }`);
      }
      return;
    }
    if (ts.isModuleDeclaration(statement) && statement.body && ts.isModuleBlock(statement.body)) {
      const name = `${container}${statement.name.text}.`;
      lines.push(`${file}: namespace ${name.slice(0, -1)}`);
      for (const inner of statement.body.statements) visit(inner, name);
      return;
    }
    lines.push(`${file}: ${container ? `${container} ` : ''}${print(statement)}`);
  };
  for (const statement of source.statements) visit(statement, '');
  return lines;
}

function currentSurface(): string[] {
  return declarationFiles(distDir)
    .map((file) => relative(distDir, file).split('\\').join('/'))
    .sort()
    .flatMap((name) => surfaceLines(name, readFileSync(join(distDir, name), 'utf8')));
}

function readSnapshot(): { version: string; lines: Set<string> } {
  const [header = '', ...lines] = readFileSync(snapshotFile, 'utf8').split('\n').filter(Boolean);
  if (!header.startsWith(HEADER)) throw new Error(`${snapshotFile} does not start with "${HEADER}<version>"`);
  return { version: header.slice(HEADER.length).trim(), lines: new Set(lines) };
}

const major = (version: string): number => Number(version.split('.')[0]);

describe('plugin API compatibility (against the last released surface, api-surface.snapshot.txt)', () => {
  const current = currentSurface();

  if (process.env['UPDATE_API_SNAPSHOT'] === '1') {
    it(`records the surface of ${API_VERSION} as the released one`, () => {
      writeFileSync(snapshotFile, `${HEADER}${API_VERSION}\n${current.join('\n')}\n`);
    });
    return;
  }

  const released = readSnapshot();
  const now = new Set(current);
  const removed = [...released.lines].filter((line) => !now.has(line));
  const added = current.filter((line) => !released.lines.has(line));

  it('reports what was added since the last release', () => {
    // A report, not a verdict: additions keep every plugin built for the released version working.
    if (added.length) console.log(`      API additions since ${released.version} (${added.length}):\n${added.map((l) => `        + ${l}`).join('\n')}`);
    expect(new Set(added).size).to.equal(added.length, 'a declaration is emitted twice');
  });

  it('removes nothing within a major version (a changed declaration counts as removed)', () => {
    if (major(API_VERSION) > major(released.version)) return;
    if (removed.length) {
      expect.fail(
        `API ${API_VERSION} breaks plugins built for ${released.version}: ${removed.length} declaration(s) removed or changed. ` +
        `Keep them (deprecate instead), or release a new major version:\n${removed.map((l) => `  - ${l}`).join('\n')}`,
      );
    }
  });
});
