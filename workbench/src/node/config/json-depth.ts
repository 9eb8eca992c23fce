import { createScanner, SyntaxKind } from 'jsonc-parser';

/** Deeper nesting than this is refused before a JSON text is parsed: parsers, validators and copies recurse. */
export const MAX_JSON_DEPTH = 64;

/** The offset of the first `{` or `[` that opens a level beyond `limit`, or undefined. Scans tokens, without recursion. */
export function excessiveNestingAt(text: string, limit = MAX_JSON_DEPTH): number | undefined {
  const scanner = createScanner(text, false);
  let depth = 0;
  for (let token = scanner.scan(); token !== SyntaxKind.EOF; token = scanner.scan()) {
    if (token === SyntaxKind.OpenBraceToken || token === SyntaxKind.OpenBracketToken) {
      depth += 1;
      if (depth > limit) return scanner.getTokenOffset();
    } else if (token === SyntaxKind.CloseBraceToken || token === SyntaxKind.CloseBracketToken) {
      depth -= 1;
    }
  }
  return undefined;
}

export const excessiveNestingMessage = `nests objects and arrays deeper than ${MAX_JSON_DEPTH} levels; nothing TimeLocker reads needs that many`;
