import { Disposable, TimeLockerError, type TreeDataProvider, type ViewsApi } from '@timelocker/plugin-api';
import { qualifiedContributionId } from '@timelocker/plugin-api/manifest';
import {
  $provideTreeChildren, $provideTreeItem, $treeDataChanged, type PluginDescriptionDto, type TreeNodeDto,
} from '@timelocker/plugin-api/protocol';
import type { ExtContext } from './ext-context.js';
import { callProvider } from './provider-call.js';
import { notify } from '../notify.js';

/** Tree elements are plugin objects; the kernel refers to them by ids that are valid until the next root request. */
class ElementIds {
  private readonly byId = new Map<string, unknown>();
  private readonly byElement = new Map<unknown, string>();
  private next = 1;

  constructor(private readonly handle: number) {}

  idOf(element: unknown): string {
    let id = this.byElement.get(element);
    if (id === undefined) {
      id = `${this.handle}/${this.next++}`;
      this.byElement.set(element, id);
      this.byId.set(id, element);
    }
    return id;
  }

  get(id: string): unknown {
    if (!this.byId.has(id)) throw new TimeLockerError('not-found', `Unknown tree element ${id}; refresh the view`);
    return this.byId.get(id);
  }

  clear(): void {
    this.byId.clear();
    this.byElement.clear();
  }
}

const elementIds = new Map<number, ElementIds>();

export function createViewsApi(plugin: PluginDescriptionDto, ctx: ExtContext): ViewsApi {
  return {
    registerDataProvider<T>(viewId: string, provider: TreeDataProvider<T>): Disposable {
      const registration = ctx.store.register(plugin, 'views', viewId, provider as TreeDataProvider<unknown>);
      const handle = ctx.store.find('views', qualifiedContributionId(plugin.manifest.publisher, viewId))!.handle;
      const ids = new ElementIds(handle);
      elementIds.set(handle, ids);
      const changes = provider.onDidChangeTreeData?.((element) => {
        const elementId = element === undefined ? undefined : ids.idOf(element);
        notify(ctx.rpc, $treeDataChanged, { handle, elementId });
      });
      return new Disposable(() => {
        changes?.dispose();
        elementIds.delete(handle);
        registration.dispose();
      });
    },
  };
}

export function registerViewHandlers(ctx: ExtContext): void {
  ctx.rpc.onRequest($provideTreeChildren, ({ handle, elementId }, token) => {
    const entry = ctx.store.get<TreeDataProvider<unknown>>(handle, 'views');
    const ids = elementIds.get(handle)!;
    return callProvider(entry, token, async (provider, t): Promise<TreeNodeDto[]> => {
      if (elementId === undefined) ids.clear();
      const parent = elementId === undefined ? undefined : ids.get(elementId);
      const children = await provider.getChildren(parent, t);
      return Promise.all(children.map(async (child) => ({ elementId: ids.idOf(child), item: await provider.getTreeItem(child) })));
    });
  });
  ctx.rpc.onRequest($provideTreeItem, ({ handle, elementId }, token) => {
    const entry = ctx.store.get<TreeDataProvider<unknown>>(handle, 'views');
    return callProvider(entry, token, (provider) => provider.getTreeItem(elementIds.get(handle)!.get(elementId)));
  });
}
