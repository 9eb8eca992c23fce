import { TimeLockerError } from '@timelocker/plugin-api';
import { $secretsDelete, $secretsGet, $secretsStore } from '@timelocker/plugin-api/protocol';
import { inject, injectable, optional } from 'inversify';
import { ErrorCodes, ResponseError, type MessageConnection } from 'vscode-jsonrpc';
import { CredentialsError, CredentialsService } from '../credentials/credentials-service.js';
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
    rpc.onRequest($secretsGet, ({ pluginId, key }) =>
      this.call('read', async (service) => (await service.get(pluginSecretAccount(pluginId, key))) ?? null));
    rpc.onRequest($secretsStore, ({ pluginId, key, value }) => this.call('stored', (service) => service.store(pluginSecretAccount(pluginId, key), value)));
    rpc.onRequest($secretsDelete, ({ pluginId, key }) =>
      this.call('deleted', async (service) => { await service.delete(pluginSecretAccount(pluginId, key)); }));
  }

  /**
   * A refusal reaches the plugin (see secrets-ext) as a TimeLockerError of the same kind and message: not wrapped by
   * vscode-jsonrpc in "Request $secrets… failed", and, for a keyring that cannot be used, with advice for a plugin's
   * secret rather than the repository password sources the CredentialsError offers.
   */
  private async call<R>(done: string, operation: (service: CredentialsService) => Promise<R>): Promise<R> {
    try {
      if (!this.credentials) throw new TimeLockerError('unavailable', 'Secret storage is not available in this TimeLocker process.');
      return await operation(this.credentials);
    } catch (error) {
      if (!(error instanceof TimeLockerError)) throw error;
      const message = error instanceof CredentialsError && error.keyringCause !== undefined
        ? `The OS keyring (Secret Service) is not available, so plugin secrets cannot be ${done}: ${error.keyringCause} `
          + 'Start a desktop session (or gnome-keyring-daemon) for TimeLocker, or give the plugin the value in its own settings if it offers that.'
        : error.message;
      // The code stays the one vscode-jsonrpc gives any failed handler; the kind travels in `data`.
      throw new ResponseError(ErrorCodes.InternalError, message, { kind: error.kind });
    }
  }
}
