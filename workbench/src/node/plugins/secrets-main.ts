import { $secretsDelete, $secretsGet, $secretsStore } from '@timelocker/plugin-api/protocol';
import { inject, injectable, optional } from 'inversify';
import type { MessageConnection } from 'vscode-jsonrpc';
import { CredentialsService } from '../credentials/credentials-service.js';
import type { PluginHostContribution } from './plugin-host-contribution.js';

/** Keyring account of a plugin's secret: keys are private to the plugin. */
export function pluginSecretAccount(pluginId: string, key: string): string {
  return `plugin:${pluginId}/${key}`;
}

/** Serves the API's `secrets` namespace from the kernel's CredentialsService. */
@injectable()
export class SecretsMain implements PluginHostContribution {
  constructor(@inject(CredentialsService) @optional() private readonly credentials: CredentialsService | undefined) {}

  onHostStarted(rpc: MessageConnection): void {
    rpc.onRequest($secretsGet, async ({ pluginId, key }) => (await this.service().get(pluginSecretAccount(pluginId, key))) ?? null);
    rpc.onRequest($secretsStore, ({ pluginId, key, value }) => this.service().store(pluginSecretAccount(pluginId, key), value));
    rpc.onRequest($secretsDelete, async ({ pluginId, key }) => { await this.service().delete(pluginSecretAccount(pluginId, key)); });
  }

  private service(): CredentialsService {
    if (!this.credentials) throw new Error('Secret storage is not available in this TimeLocker process');
    return this.credentials;
  }
}
