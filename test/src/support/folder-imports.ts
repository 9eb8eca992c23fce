import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/** Folder → folder it imports → the import statements that make the edge (`file -> specifier`). */
export type FolderGraph = ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;

/** The folder of `file` under `root`: its top-level feature folder (subfolders belong to it), or `.` for the root's own files. */
function folderOf(root: string, file: string): string {
  const parts = relative(root, file).split(sep);
  return parts.length > 1 ? parts[0]! : '.';
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    // Tests may reach any feature; they are not part of the layering.
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Relative module specifiers of every import and re-export, type-only ones included: they couple folders as much. */
function importedSpecifiers(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  return source.statements.flatMap((statement) => {
    const specifier = ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement) ? statement.moduleSpecifier : undefined;
    return specifier && ts.isStringLiteral(specifier) && specifier.text.startsWith('.') ? [specifier.text] : [];
  });
}

/** Which folder under `root` imports which, read from the import statements of the source files. */
export function folderImports(root: string): FolderGraph {
  const graph = new Map<string, Map<string, string[]>>();
  for (const file of sourceFiles(root)) {
    const from = folderOf(root, file);
    for (const specifier of importedSpecifiers(file)) {
      const target = resolve(dirname(file), specifier);
      if (relative(root, target).startsWith('..')) continue;
      const to = folderOf(root, target);
      if (to === from) continue;
      const edges = graph.get(from) ?? new Map<string, string[]>();
      graph.set(from, edges);
      edges.set(to, [...(edges.get(to) ?? []), `${relative(root, file)} -> ${specifier}`]);
    }
  }
  return graph;
}

/** One cycle of folders (first folder repeated at the end); undefined when there is none. */
export function findFolderCycle(graph: FolderGraph): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (folder: string): string[] | undefined => {
    if (state.get(folder) === 'done') return undefined;
    if (state.get(folder) === 'visiting') return [...path.slice(path.indexOf(folder)), folder];
    state.set(folder, 'visiting');
    path.push(folder);
    for (const next of graph.get(folder)?.keys() ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(folder, 'done');
    return undefined;
  };
  for (const folder of graph.keys()) {
    const cycle = visit(folder);
    if (cycle) return cycle;
  }
  return undefined;
}

/** The cycle with the import that makes each step, for a failure message that says where to cut. */
export function describeFolderCycle(graph: FolderGraph, cycle: readonly string[]): string {
  return cycle.slice(1).map((to, i) => `${cycle[i]} -> ${to}  (${graph.get(cycle[i]!)?.get(to)?.[0]})`).join('\n');
}
