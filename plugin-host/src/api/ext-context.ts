import type { Event, JobDto } from '@timelocker/plugin-api';
import type { MessageConnection } from 'vscode-jsonrpc';
import type { ConfigurationStore } from './configuration-ext.js';
import type { ProviderStore } from './provider-store.js';

/** What the per-area API parts share inside the host. */
export interface ExtContext {
  readonly rpc: MessageConnection;
  readonly store: ProviderStore;
  readonly configuration: ConfigurationStore;
  readonly onDidFinishJob: Event<JobDto>;
  reportError(pluginId: string, error: unknown): void;
}
