import type { MessageConnection } from 'vscode-jsonrpc';

/** Kernel features that serve host -> kernel requests; called for every (re)started host. */
export const PluginHostContribution = Symbol('PluginHostContribution');

export interface PluginHostContribution {
  onHostStarted(rpc: MessageConnection): void;
}
