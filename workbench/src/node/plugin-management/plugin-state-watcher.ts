import { watch, type FSWatcher } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { inject, injectable } from 'inversify';
import type { KernelContribution } from '../../common/kernel-contribution.js';
import { KernelOptions } from '../core/kernel-options.js';
import { LogService, type Logger } from '../core/log-service.js';
import { PluginService } from '../plugins/plugin-service.js';
import { PLUGIN_STATE_FILE, readPluginState } from '../plugins/plugin-state-file.js';

const SETTLE_MS = 100;

/**
 * Another process (the CLI next to a running workbench) installs or disables a plugin: it bumps the revision in
 * plugin-state.json, and this process reloads its plugins, so the running workbench needs no restart.
 */
@injectable()
export class PluginStateWatcher implements KernelContribution {
  readonly id = 'plugin-state-watcher';
  private readonly logger: Logger;
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private revision = 0;

  constructor(
    @inject(KernelOptions) private readonly options: KernelOptions,
    @inject(PluginService) private readonly plugins: PluginService,
    @inject(LogService) logs: LogService,
  ) {
    this.logger = logs.getLogger('plugins');
  }

  async onStart(): Promise<void> {
    await mkdir(this.options.dataDir, { recursive: true });
    this.revision = readPluginState(this.options.dataDir).revision;
    // The file is replaced by rename, so the folder is watched, not the file.
    this.watcher = watch(this.options.dataDir, (_event, name) => {
      if (name !== PLUGIN_STATE_FILE) return;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.check(), SETTLE_MS);
    });
    this.watcher.unref();
  }

  /** This process made the change itself and reloads on its own. */
  acknowledge(revision: number): void {
    this.revision = Math.max(this.revision, revision);
  }

  onStop(): void {
    clearTimeout(this.timer);
    this.watcher?.close();
    this.watcher = undefined;
  }

  private async check(): Promise<void> {
    const { revision } = readPluginState(this.options.dataDir);
    if (revision === this.revision || !this.watcher) return;
    this.revision = revision;
    this.logger.info(`Plugins changed (revision ${revision}); reloading the plugin host`);
    try {
      await this.plugins.reload?.();
    } catch (error) {
      this.logger.error(`Reloading plugins failed: ${(error as Error).message}`);
    }
  }
}
