import picomatch from 'picomatch';
import type { PathTable } from './path-table.js';

/**
 * A search pattern compiled against one repository's paths. Plain text is a substring of the whole path, case-
 * insensitive unless it has an upper-case letter (smart case); candidates whose name matches come before those
 * matched only through a folder. A pattern with `*`, `?` or `[` is a glob: without '/' on the name (like
 * `find -name`), with '/' on the whole path (a relative glob matches at any depth).
 */
export interface PathQuery {
  /** Candidate path ids, best first; `accepts` has the last word. */
  candidates(table: PathTable): Iterable<number>;
  accepts(table: PathTable, path: number): boolean;
}

const globCharacters = /[*?[\]{}()!+@]/;

const foldAscii = (text: string): string => text.replace(/[A-Z]+/g, (s) => s.toLowerCase());

export function isGlob(pattern: string): boolean {
  return /[*?[]/.test(pattern);
}

function* substringCandidates(table: PathTable, needle: string, folded: boolean): Generator<number> {
  const seen = new Uint8Array(table.count);
  const dirs = table.dirKeys(folded);
  const slash = needle.lastIndexOf('/');
  if (slash < 0) {
    for (const path of table.nameMatches(Buffer.from(needle, 'utf8'), folded)) {
      seen[path] = 1;
      yield path;
    }
  } else {
    // A match across the last folder separator: the folder ends with `head` and the name starts with `tail`.
    const [head, tail] = [needle.slice(0, slash), Buffer.from(needle.slice(slash + 1), 'utf8')];
    const crossing = head === '' ? table.nameMatches(Buffer.from(`/${needle.slice(1)}`, 'utf8'), folded) : (function* () {
      for (let d = 0; d < dirs.length; d++) {
        if (!dirs[d]!.endsWith(head)) continue;
        for (const path of table.pathsIn(d)) if (table.nameStartsWith(path, tail, folded)) yield path;
      }
    })();
    for (const path of crossing) {
      seen[path] = 1;
      yield path;
    }
  }
  for (let d = 0; d < dirs.length; d++) {
    if (!dirs[d]!.includes(needle)) continue;
    for (const path of table.pathsIn(d)) if (!seen[path]) yield path;
  }
}

function* allPaths(table: PathTable): Generator<number> {
  for (let path = 0; path < table.count; path++) yield path;
}

function longestLiteral(glob: string): string {
  return glob.split(globCharacters).reduce((best, part) => (part.length > best.length ? part : best), '');
}

export function compilePathQuery(pattern: string): PathQuery {
  const caseSensitive = /[A-Z]/.test(pattern) || (/\p{Lu}/u.test(pattern));
  const folded = !caseSensitive;
  if (!isGlob(pattern)) {
    const needle = folded ? foldAscii(pattern) : pattern;
    return { candidates: (table) => substringCandidates(table, needle, folded), accepts: () => true };
  }
  const onPath = pattern.includes('/');
  const glob = onPath && !pattern.startsWith('/') && !pattern.startsWith('**') ? `**/${pattern}` : pattern;
  const regex = picomatch.makeRe(glob, { dot: true, nocase: folded });
  const literal = longestLiteral(onPath ? pattern : pattern.replaceAll('/', ''));
  const needle = folded ? foldAscii(literal) : literal;
  return {
    candidates: (table) => (needle === '' ? allPaths(table)
      : onPath ? substringCandidates(table, needle, folded) : table.nameMatches(Buffer.from(needle, 'utf8'), folded)),
    accepts: (table, path) => regex.test(onPath ? table.fullPath(path) : table.name(path)),
  };
}
