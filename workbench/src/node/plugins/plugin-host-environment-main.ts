import { $withholdEnvironment } from '@timelocker/plugin-api/protocol';
import { inject, injectable, optional } from 'inversify';
import type { MessageConnection } from 'vscode-jsonrpc';
import type { TimeLockerConfig } from '../config/config-model.js';
import { ConfigService } from '../config/config-service.js';
import { secretSourceValues } from '../config/secret-source-values.js';
import { PASSWORD_ENV } from '../credentials/credentials-service.js';
import { CurrentHostConnection } from './current-host-connection.js';
import type { PluginHostContribution } from './plugin-host-contribution.js';

/** restic's own password variables: a plugin never needs them, the kernel hands restic what it needs. */
const RESTIC_PASSWORD_VARIABLES = ['RESTIC_PASSWORD', 'RESTIC_PASSWORD_FILE', 'RESTIC_PASSWORD_COMMAND'];

/**
 * The plugin host is forked with TimeLocker's environment, which holds the repository passwords the config names
 * (`{ "env": "VAR" }`) and TIMELOCKER_PASSWORD. The API hands a plugin only the secrets of what it serves; these
 * variables are dropped from the host's environment before any plugin activates, and again as the config names more.
 */
@injectable()
export class PluginHostEnvironmentMain implements PluginHostContribution {
  private readonly host = new CurrentHostConnection();

  constructor(@inject(ConfigService) @optional() private readonly config: ConfigService | undefined) {
    this.config?.onDidChangeConfig((change) => this.withhold(change.config));
  }

  onHostStarted(rpc: MessageConnection): void {
    this.host.track(rpc);
  }

  async onHostInitialized(rpc: MessageConnection): Promise<void> {
    this.host.track(rpc);
    // An unusable config file names no variables: the fixed ones are withheld all the same.
    this.withhold(await this.config?.get().catch(() => undefined));
  }

  private withhold(config: TimeLockerConfig | undefined): void {
    const names = [PASSWORD_ENV, ...RESTIC_PASSWORD_VARIABLES, ...secretSourceValues(config, 'env')];
    this.host.notify($withholdEnvironment, { names });
  }
}
