import { TimeLockerError } from '@timelocker/plugin-api';
import type { PluginStatus } from '../plugins/plugin-service.js';

export const PluginManagementService = Symbol('PluginManagementService');

/** A plugin that failed validation; `reasons` says everything that is wrong with it. */
export class PluginInstallError extends TimeLockerError {
  constructor(message: string, readonly reasons: readonly string[]) {
    super('rejected', reasons.length ? `${message}:\n  - ${reasons.join('\n  - ')}` : message);
    this.name = 'PluginInstallError';
  }
}

export interface InstalledPlugin {
  readonly id: string;
  readonly version: string;
  /** `<data-dir>/plugins/<id>`. */
  readonly path: string;
  /** The version it replaced, when it was an upgrade. */
  readonly replaced?: string;
}

/**
 * Installs, removes, enables and disables user plugins; every change is audited (as `actor`, default the kernel's:
 * the CLI user, or `api:<token>` for the REST API) and reaches the running plugin host.
 */
export interface PluginManagementService {
  /** A plugin folder or an `npm pack` tarball; validated (manifest, engine range, main module, dependencies) before anything is copied. */
  install(source: string, actor?: string): Promise<InstalledPlugin>;
  /** Removes a user plugin (builtin plugins can only be disabled); its plugin-data folder is kept. */
  uninstall(id: string, actor?: string): Promise<void>;
  setEnabled(id: string, enabled: boolean, actor?: string): Promise<PluginStatus | undefined>;
  list(): PluginStatus[];
}
