import { CancellationError, type CancellationToken } from '@timelocker/plugin-api';
import { activationEventPrefix } from '@timelocker/plugin-api/manifest';
import { REQUEST_CANCELLED, type ProviderErrorData, type ProviderPoint } from '@timelocker/plugin-api/protocol';
import { inject, injectable } from 'inversify';
import { CancellationTokenSource as RpcTokenSource, ResponseError, type CancellationToken as RpcToken, type MessageConnection } from 'vscode-jsonrpc';
import { ContributionAvailability, contributionNoun as noun, hasFailed } from './contribution-availability.js';
import { LogService } from '../core/log-service.js';
import { ContributionRegistry } from './contribution-registry.js';
import { PluginCallError, ProviderCapabilityError, ProviderUnavailableError } from './plugin-errors.js';
import { PluginServiceImpl } from './plugin-service-impl.js';

export type ProviderCall<R> = (rpc: MessageConnection, handle: number, token: RpcToken) => Promise<R>;

/** Kernel side of every provider call: activate the contributing plugin, find its handle, call, map errors. */
@injectable()
export class ProviderInvoker {
  constructor(
    @inject(PluginServiceImpl) private readonly plugins: PluginServiceImpl,
    @inject(ContributionRegistry) private readonly contributions: ContributionRegistry,
    @inject(ContributionAvailability) private readonly availability: ContributionAvailability,
    @inject(LogService) private readonly logs: LogService,
  ) {}

  /** `id` in full or a builtin alias. */
  async invoke<R>(point: ProviderPoint, id: string, token: CancellationToken | undefined, call: ProviderCall<R>, requires?: string): Promise<R> {
    const contributed = this.contributions.find(point, id);
    if (!contributed) throw this.unavailable(point, id);
    const { pluginId, entry } = contributed;
    await this.plugins.activateByEvent(`${activationEventPrefix[point]}:${entry.id}`);
    const host = await this.plugins.connection();
    const registration = this.plugins.handles.find(point, entry.id);
    if (!host || !registration) {
      const status = this.plugins.status(pluginId);
      if (status && hasFailed(status)) throw this.unavailable(point, id);
      throw new ProviderUnavailableError(
        `${noun[point]} "${entry.id}" is unavailable: plugin ${pluginId} is ${status?.state ?? 'unknown'} and did not register it`, pluginId,
      );
    }
    if (requires && !registration.capabilities.includes(requires)) {
      throw new ProviderCapabilityError(`The ${noun[point]} "${entry.id}" of plugin ${pluginId} does not implement ${requires}`, pluginId);
    }
    // vscode-jsonrpc's source throws when cancelled twice, so an already-cancelled call never starts.
    if (token?.isCancellationRequested) throw new CancellationError();
    const source = new RpcTokenSource();
    const subscription = token?.onCancellationRequested(() => source.cancel());
    try {
      return await call(host.rpc, registration.handle, source.token);
    } catch (error) {
      if (error instanceof ResponseError) {
        if (error.code === REQUEST_CANCELLED) throw new CancellationError(error.message);
        const data = error.data as ProviderErrorData | undefined;
        // The plugin's own words reach the caller (CLI, REST): any secret TimeLocker knows is masked in them.
        if (data?.pluginId) throw new PluginCallError(`${noun[point]} "${entry.id}" (plugin ${data.pluginId}): ${this.logs.mask(error.message)}`, data.pluginId, data.kind);
      }
      if (!this.plugins.isCurrent(host)) {
        throw new ProviderUnavailableError(`The plugin host exited while plugin ${pluginId} was handling ${noun[point]} "${entry.id}"`, pluginId);
      }
      throw error;
    } finally {
      subscription?.dispose();
      source.dispose();
    }
  }

  private unavailable(point: ProviderPoint, id: string): ProviderUnavailableError {
    const availability = this.availability.check(point, id);
    if (availability.available) return new ProviderUnavailableError(`${noun[point]} "${id}" is unavailable`);
    const { pluginId, state, reason } = availability;
    return new ProviderUnavailableError(`${noun[point]} "${availability.id}" is unavailable: ${reason}`, pluginId, state);
  }
}
