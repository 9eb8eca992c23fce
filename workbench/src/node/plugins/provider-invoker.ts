import { CancellationError, type CancellationToken } from '@timelocker/plugin-api';
import { activationEventPrefix } from '@timelocker/plugin-api/manifest';
import { REQUEST_CANCELLED, type ProviderErrorData, type ProviderPoint } from '@timelocker/plugin-api/protocol';
import { inject, injectable } from 'inversify';
import { CancellationTokenSource as RpcTokenSource, ResponseError, type CancellationToken as RpcToken, type MessageConnection } from 'vscode-jsonrpc';
import { ContributionAvailability, contributionNoun as noun, hasFailed } from './contribution-availability.js';
import { LogService } from '../core/log-service.js';
import { ContributionRegistry } from './contribution-registry.js';
import { PluginCallError, ProviderCapabilityError, ProviderUnavailableError } from './plugin-errors.js';
import type { PluginHostProcess } from './plugin-host-process.js';
import { PluginServiceImpl } from './plugin-service-impl.js';

export type ProviderCall<R> = (rpc: MessageConnection, handle: number, token: RpcToken) => Promise<R>;

/** A provider ready to be called: its plugin was activated, and `host` knows it by `handle`. */
export interface ProviderTarget {
  readonly point: ProviderPoint;
  /** The contribution's full id. */
  readonly id: string;
  readonly pluginId: string;
  readonly handle: number;
  readonly host: PluginHostProcess;
}

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
    const target = await this.target(point, id, requires);
    try {
      return await this.send(target.host, token, (rpc, t) => call(rpc, target.handle, t));
    } catch (error) {
      throw this.failure(target, error);
    }
  }

  /** Activates the plugin contributing `id` and finds its provider; throws when it is unavailable or lacks `requires`. */
  async target(point: ProviderPoint, id: string, requires?: string): Promise<ProviderTarget> {
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
    return { point, id: entry.id, pluginId, handle: registration.handle, host };
  }

  /** One request to `host`, cancelled with `token`; errors come back as the connection raised them (see `failure`). */
  async send<R>(host: PluginHostProcess, token: CancellationToken | undefined, call: (rpc: MessageConnection, token: RpcToken) => Promise<R>): Promise<R> {
    // vscode-jsonrpc's source throws when cancelled twice, so an already-cancelled call never starts.
    if (token?.isCancellationRequested) throw new CancellationError();
    const source = new RpcTokenSource();
    const subscription = token?.onCancellationRequested(() => source.cancel());
    try {
      return await call(host.rpc, source.token);
    } finally {
      subscription?.dispose();
      source.dispose();
    }
  }

  /** What the caller of `target` gets for an error of its call: cancelled, the plugin's own (masked) words, or the host gone. */
  failure(target: ProviderTarget, error: unknown): unknown {
    const { point, id, pluginId } = target;
    if (error instanceof ResponseError) {
      if (error.code === REQUEST_CANCELLED) return new CancellationError(error.message);
      const data = error.data as ProviderErrorData | undefined;
      // The plugin's own words reach the caller (CLI, REST): any secret TimeLocker knows is masked in them.
      if (data?.pluginId) return new PluginCallError(`${noun[point]} "${id}" (plugin ${data.pluginId}): ${this.logs.mask(error.message)}`, data.pluginId, data.kind);
    }
    if (!this.plugins.isCurrent(target.host)) {
      return new ProviderUnavailableError(`The plugin host exited while plugin ${pluginId} was handling ${noun[point]} "${id}"`, pluginId);
    }
    return error;
  }

  private unavailable(point: ProviderPoint, id: string): ProviderUnavailableError {
    const availability = this.availability.check(point, id);
    if (availability.available) return new ProviderUnavailableError(`${noun[point]} "${id}" is unavailable`);
    const { pluginId, state, reason } = availability;
    return new ProviderUnavailableError(`${noun[point]} "${availability.id}" is unavailable: ${reason}`, pluginId, state);
  }
}
