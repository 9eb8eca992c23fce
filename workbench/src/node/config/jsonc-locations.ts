import { parseTree, printParseErrorCode, type Node, type ParseErrorCode } from 'jsonc-parser';

export interface Position {
  readonly line: number;
  readonly column: number;
}

/** 1-based line:column of offsets in one text. */
export class TextPositions {
  private readonly lineStarts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  at(offset: number): Position {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - this.lineStarts[low] + 1 };
  }
}

/** Segments of a JSON pointer (ajv's instancePath), unescaped. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function toPointer(segments: readonly (string | number)[]): string {
  return segments.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** The value node at `segments`, or the deepest existing ancestor when the path does not exist. */
export function deepestNode(root: Node | undefined, segments: readonly string[]): Node | undefined {
  let node = root;
  for (const segment of segments) {
    const next = node && childNode(node, segment);
    if (!next) return node;
    node = next;
  }
  return node;
}

/** The key node of property `key` in an object node (where an unknown key is reported). */
export function keyNode(objectNode: Node | undefined, key: string): Node | undefined {
  if (objectNode?.type !== 'object') return undefined;
  return objectNode.children?.find((p) => p.children?.[0]?.value === key)?.children?.[0];
}

export function parseErrorMessage(code: ParseErrorCode): string {
  return printParseErrorCode(code).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function childNode(node: Node, segment: string): Node | undefined {
  if (node.type === 'array') {
    return /^\d+$/.test(segment) ? node.children?.[Number(segment)] : undefined;
  }
  if (node.type !== 'object') return undefined;
  return node.children?.find((p) => p.children?.[0]?.value === segment)?.children?.[1];
}

/** line:column of the node at a JSON path in `text` (or of its deepest existing ancestor). */
export function textLocator(text: string): (jsonPath: readonly string[]) => Position {
  const root = parseTree(text);
  const positions = new TextPositions(text);
  return (jsonPath) => positions.at(deepestNode(root, jsonPath)?.offset ?? 0);
}
