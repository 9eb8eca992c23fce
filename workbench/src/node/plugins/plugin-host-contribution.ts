import type { MessageConnection } from 'vscode-jsonrpc';

/** Kernel features that serve host -> kernel requests; called for every (re)started host. */
export const PluginHostContribution = Symbol('PluginHostContribution');

export interface PluginHostContribution {
  /** Registers handlers on the new connection, before the host is initialized. */
  onHostStarted(rpc: MessageConnection): void;
  /** Pushes state the host needs before any plugin activates (e.g. plugin settings). */
  onHostInitialized?(rpc: MessageConnection): void | Promise<void>;
}
