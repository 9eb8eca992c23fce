import type { Disposable } from '@timelocker/plugin-api';
import { inject, injectable } from 'inversify';
import type { KernelContribution } from '../../common/kernel-contribution.js';
import { KernelOptions } from '../core/kernel-options.js';
import { LogService } from '../core/log-service.js';
import { ConfigService } from './config-service.js';

/**
 * A long-lived kernel (server, scheduler daemon) watches the config file, so an edit by another process or in a
 * text editor reaches every feature through the one `onDidChangeConfig`; no feature reloads on its own.
 */
@injectable()
export class ConfigWatchContribution implements KernelContribution {
  readonly id = 'config.watch';
  private watching: Disposable | undefined;

  constructor(
    @inject(KernelOptions) private readonly options: KernelOptions,
    @inject(ConfigService) private readonly config: ConfigService,
    @inject(LogService) private readonly logService: LogService,
  ) {}

  async onStart(): Promise<void> {
    if (!this.options.longLived) return;
    try {
      this.watching = await this.config.watch();
    } catch (error) {
      // Serving matters more than noticing other processes' edits; this process's own writes are still announced.
      this.logService.getLogger('config').warn(`not watching ${this.config.configFile} for changes: ${(error as Error).message}`);
    }
  }

  onStop(): void {
    this.watching?.dispose();
  }
}
