import { CancellationError, TimeLockerError, type CancellationToken, type ErrorKind } from '@timelocker/plugin-api';
import { activationEventPrefix } from '@timelocker/plugin-api/manifest';
import { REQUEST_CANCELLED, type ProviderErrorData, type ProviderPoint } from '@timelocker/plugin-api/protocol';
import { inject, injectable } from 'inversify';
import { CancellationTokenSource as RpcTokenSource, ResponseError, type CancellationToken as RpcToken, type MessageConnection } from 'vscode-jsonrpc';
import { ContributionRegistry } from './contribution-registry.js';
import { PluginServiceImpl } from './plugin-service-impl.js';

/** The contribution id is not declared by any loaded plugin. */
export class UnknownContributionError extends TimeLockerError {
  constructor(message: string) {
    super('not-found', message);
    this.name = 'UnknownContributionError';
  }
}

/** The plugin behind a contribution failed, did not register it, or its host went away (`unavailable`); or the provider lacks the capability (`not-supported`). */
export class ProviderUnavailableError extends TimeLockerError {
  declare readonly kind: 'unavailable' | 'not-supported';

  constructor(message: string, kind: 'unavailable' | 'not-supported' = 'unavailable') {
    super(kind, message);
    this.name = 'ProviderUnavailableError';
  }
}

/** What a plugin may tell a caller through the kind of the error it throws; any other failure is the plugin's own. */
const callerKinds: ReadonlySet<ErrorKind> = new Set(['usage', 'not-found', 'conflict', 'unavailable']);

/** A provider ran and threw; the message is the plugin's, the plugin id says whose. */
export class PluginCallError extends TimeLockerError {
  constructor(message: string, readonly pluginId: string, thrownKind?: ErrorKind) {
    super(thrownKind !== undefined && callerKinds.has(thrownKind) ? thrownKind : 'plugin-failed', message);
    this.name = 'PluginCallError';
  }
}

const noun: Readonly<Record<ProviderPoint, string>> = {
  backends: 'backend', reportFormats: 'report format', policyRules: 'policy rule',
  notifiers: 'notifier', auditSinks: 'audit sink', commands: 'command', views: 'view',
};

export type ProviderCall<R> = (rpc: MessageConnection, handle: number, token: RpcToken) => Promise<R>;

/** Kernel side of every provider call: activate the contributing plugin, find its handle, call, map errors. */
@injectable()
export class ProviderInvoker {
  constructor(
    @inject(PluginServiceImpl) private readonly plugins: PluginServiceImpl,
    @inject(ContributionRegistry) private readonly contributions: ContributionRegistry,
  ) {}

  async invoke<R>(point: ProviderPoint, id: string, token: CancellationToken | undefined, call: ProviderCall<R>, requires?: string): Promise<R> {
    const contributed = this.contributions.find(point, id);
    if (!contributed) {
      const known = this.contributions.get(point).map((c) => c.entry.id);
      throw new UnknownContributionError(`Unknown ${noun[point]} "${id}". Known ${noun[point]}s: ${known.join(', ') || '(none)'}.`);
    }
    const { pluginId } = contributed;
    await this.plugins.activateByEvent(`${activationEventPrefix[point]}:${id}`);
    const host = await this.plugins.connection();
    const registration = this.plugins.handles.find(point, id);
    if (!host || !registration) {
      const status = this.plugins.status(pluginId);
      const why = status?.state === 'failed' ? `failed: ${status.error ?? 'unknown error'}` : `is ${status?.state ?? 'unknown'} and did not register it`;
      throw new ProviderUnavailableError(`The ${noun[point]} "${id}" is unavailable: plugin ${pluginId} ${why}`);
    }
    if (requires && !registration.capabilities.includes(requires)) {
      throw new ProviderUnavailableError(`The ${noun[point]} "${id}" of plugin ${pluginId} does not implement ${requires}`, 'not-supported');
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
        if (data?.pluginId) throw new PluginCallError(`${noun[point]} "${id}" (plugin ${data.pluginId}): ${error.message}`, data.pluginId, data.kind);
      }
      if (!this.plugins.isCurrent(host)) {
        throw new ProviderUnavailableError(`The plugin host exited while plugin ${pluginId} was handling ${noun[point]} "${id}"`);
      }
      throw error;
    } finally {
      subscription?.dispose();
      source.dispose();
    }
  }
}
