import type { JsonObject } from '@timelocker/plugin-api';
import { $acceptConfiguration, changedSettingPaths } from '@timelocker/plugin-api/protocol';
import { inject, injectable, optional } from 'inversify';
import type { MessageConnection } from 'vscode-jsonrpc';
import type { TimeLockerConfig } from '../config/config-model.js';
import { ConfigService } from '../config/config-service.js';
import { LogService, type Logger } from '../core/log-service.js';
import { CurrentHostConnection } from './current-host-connection.js';
import type { PluginHostContribution } from './plugin-host-contribution.js';

type Settings = Readonly<Record<string, JsonObject>>;

/**
 * Serves `workspace.getConfiguration`: pushes every plugin's settings (`plugins.<id>`) to the host before any plugin
 * activates, and again with the changed paths whenever the config changes (ConfigService.onDidChangeConfig, which
 * also fires for saves by other processes), so plugins hear `onDidChangeConfiguration`.
 */
@injectable()
export class PluginConfigurationMain implements PluginHostContribution {
  private readonly logger: Logger;
  private readonly host = new CurrentHostConnection();
  private pushed: Settings = {};

  constructor(
    @inject(ConfigService) @optional() private readonly config: ConfigService | undefined,
    @inject(LogService) logs: LogService,
  ) {
    this.logger = logs.getLogger('plugins');
    this.config?.onDidChangeConfig((change) => this.push(settingsOf(change.config)));
  }

  onHostStarted(rpc: MessageConnection): void {
    this.host.track(rpc);
  }

  async onHostInitialized(rpc: MessageConnection): Promise<void> {
    this.pushed = {};
    this.host.track(rpc);
    this.push(await this.load());
  }

  private async load(): Promise<Settings> {
    if (!this.config) return {};
    try {
      return settingsOf(await this.config.get());
    } catch (error) {
      // An invalid config file must not keep plugins from starting; they see no settings until it is fixed.
      this.logger.info(`Plugins get no settings: the config file cannot be used (${(error as Error).message.split('\n')[0]})`);
      return {};
    }
  }

  private push(settings: Settings): void {
    const changed = changedSettingPaths(this.pushed, settings);
    this.pushed = settings;
    this.host.notify($acceptConfiguration, { settings, changed });
  }
}

function settingsOf(config: TimeLockerConfig): Settings {
  return config.plugins ?? {};
}
