import type { CancellationToken, Event, TreeItemDto } from '@timelocker/plugin-api';
import type { TreeNodeDto } from '@timelocker/plugin-api/protocol';

export const ViewRegistry = Symbol('ViewRegistry');

export interface TreeDataChange {
  readonly viewId: string;
  /** The element whose subtree changed; undefined for the whole view. */
  readonly elementId?: string;
}

/** Tree data of views plugins contribute (`contributes.views`), fetched lazily from their data providers. */
export interface ViewRegistry {
  /** Children of `elementId`, or the roots; a root request invalidates older element ids. */
  getChildren(viewId: string, elementId?: string, token?: CancellationToken): Promise<TreeNodeDto[]>;
  getTreeItem(viewId: string, elementId: string, token?: CancellationToken): Promise<TreeItemDto>;
  readonly onDidChangeTreeData: Event<TreeDataChange>;
}
