import { getNodePath, type Node } from 'jsonc-parser';

/** A key that repeats an earlier key of the same object. */
export interface DuplicateKey {
  readonly key: string;
  /** Path of the repeated property (its object's path plus the key). */
  readonly path: ReadonlyArray<string | number>;
  /** Offsets of the repeated key and of the first one. */
  readonly offset: number;
  readonly firstOffset: number;
}

/**
 * Every repeated key in a parse tree. JSON parsers keep the last of them without a word, so a second `"plans"`
 * block would silently drop the first one. Walks the tree without recursion; the tree is built once anyway.
 */
export function duplicateKeys(root: Node | undefined): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  const pending: Node[] = root ? [root] : [];
  for (let node = pending.pop(); node; node = pending.pop()) {
    if (node.type === 'object') {
      const first = new Map<string, number>();
      for (const property of node.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        if (valueNode) pending.push(valueNode);
        if (keyNode?.type !== 'string') continue;
        const key = keyNode.value as string;
        const firstOffset = first.get(key);
        if (firstOffset === undefined) first.set(key, keyNode.offset);
        else found.push({ key, path: getNodePath(keyNode), offset: keyNode.offset, firstOffset });
      }
    } else if (node.type === 'array') {
      pending.push(...(node.children ?? []));
    }
  }
  return found.sort((a, b) => a.offset - b.offset);
}
