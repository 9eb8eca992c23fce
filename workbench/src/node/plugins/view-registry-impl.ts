import { EventEmitter, type CancellationToken, type Event, type TreeItemDto } from '@timelocker/plugin-api';
import { $provideTreeChildren, $provideTreeItem, $treeDataChanged, type TreeNodeDto } from '@timelocker/plugin-api/protocol';
import { inject, injectable } from 'inversify';
import type { MessageConnection } from 'vscode-jsonrpc';
import type { PluginHostContribution } from './plugin-host-contribution.js';
import { PluginServiceImpl } from './plugin-service-impl.js';
import { ProviderInvoker } from './provider-invoker.js';
import type { TreeDataChange, ViewRegistry } from './view-registry.js';

@injectable()
export class ViewRegistryImpl implements ViewRegistry, PluginHostContribution {
  private readonly changed = new EventEmitter<TreeDataChange>();
  readonly onDidChangeTreeData: Event<TreeDataChange> = this.changed.event;

  constructor(
    @inject(ProviderInvoker) private readonly invoker: ProviderInvoker,
    @inject(PluginServiceImpl) private readonly plugins: PluginServiceImpl,
  ) {}

  getChildren(viewId: string, elementId?: string, token?: CancellationToken): Promise<TreeNodeDto[]> {
    return this.invoker.invoke('views', viewId, token, (rpc, handle, t) => rpc.sendRequest($provideTreeChildren, { handle, elementId }, t));
  }

  getTreeItem(viewId: string, elementId: string, token?: CancellationToken): Promise<TreeItemDto> {
    return this.invoker.invoke('views', viewId, token, (rpc, handle, t) => rpc.sendRequest($provideTreeItem, { handle, elementId }, t));
  }

  onHostStarted(rpc: MessageConnection): void {
    rpc.onNotification($treeDataChanged, ({ handle, elementId }) => {
      const registration = this.plugins.handles.get(handle);
      if (registration) this.changed.fire({ viewId: registration.id, elementId });
    });
  }
}
