import { performance } from 'node:perf_hooks';
import { TimeLockerError, type DisposableLike, type PluginContext, type PluginModule, type TimeLockerApi } from '@timelocker/plugin-api';
import { matchesActivationEvent } from '@timelocker/plugin-api/manifest';
import {
  $pluginStateChanged, TimeLimitError, withTimeLimit, type ActivationResultDto, type PluginDescriptionDto,
} from '@timelocker/plugin-api/protocol';
import type { MessageConnection } from 'vscode-jsonrpc';
import { toError } from './errors.js';
import { notify } from './notify.js';
import { dependencyOrder, withDependants } from './plugin-graph.js';
import { PluginModuleLoader } from './plugin-module-loader.js';

/** How long `deactivate()` may take, as in VS Code. */
export const DEACTIVATION_TIMEOUT_MS = 5_000;

export interface ActivatorOptions {
  readonly rpc: MessageConnection;
  readonly timeoutMs: number;
  /** One activation at a time: see `InitializeParams.oneAtATime`. */
  readonly oneAtATime?: boolean;
  /** The API object of one activation; what it subscribes to internally goes into `disposables`. */
  createApi(plugin: PluginDescriptionDto, disposables: DisposableLike[]): TimeLockerApi;
  /** Drops every provider a plugin registered (after a failed activation, or on deactivation). */
  discard(pluginId: string): void;
  /** Plugin code that failed outside a request (deactivate, a subscription's dispose). */
  reportError(pluginId: string, error: unknown): void;
}

/** A plugin whose `activate` ran: what to call and dispose when it is deactivated. */
interface Activated {
  readonly module: Partial<PluginModule>;
  readonly subscriptions: DisposableLike[];
  readonly internal: DisposableLike[];
}

/** A dependency of the plugin is missing, disabled, failed, or they form a cycle: the plugin cannot be activated. */
class DependencyError extends TimeLockerError {
  constructor(message: string) {
    super('unavailable', message);
    this.name = 'DependencyError';
  }
}

/**
 * Lazy activation: a plugin's code is loaded the first time an event it listens to is fired, after the plugins it
 * `dependsOn`. Deactivation (disable, uninstall, reload, shutdown) calls `deactivate()` and disposes the plugin's
 * subscriptions; an update deactivates only the changed plugins and their dependants.
 */
export class Activator {
  private plugins = new Map<string, PluginDescriptionDto>();
  private readonly activations = new Map<string, Promise<ActivationResultDto>>();
  private readonly deactivations = new Map<string, Promise<boolean>>();
  private readonly activated = new Map<string, Activated>();
  private readonly live = new Set<string>();
  private readonly loader = new PluginModuleLoader();
  private turns: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: ActivatorOptions, plugins: readonly PluginDescriptionDto[]) {
    this.plugins = new Map(plugins.map((p) => [p.id, p]));
  }

  /** Whether a plugin may register providers now: while it activates and while it is active. */
  isLive(pluginId: string): boolean {
    return this.live.has(pluginId);
  }

  activateByEvent(event: string): Promise<ActivationResultDto[]> {
    const targets = [...this.plugins.values()].filter((p) => matchesActivationEvent(p.activationEvents, event));
    return Promise.all(targets.map((plugin) => this.activate(plugin.id, [])));
  }

  /** Replaces the plugin list; deactivates removed and changed plugins and whatever depends on them (or on added ones). */
  async update(next: readonly PluginDescriptionDto[]): Promise<string[]> {
    const nextById = new Map(next.map((p) => [p.id, p]));
    const changed = [...this.plugins.values()].filter((old) => !sameCode(old, nextById.get(old.id))).map((p) => p.id);
    const added = next.filter((p) => !this.plugins.has(p.id)).map((p) => p.id);
    const everyone = new Map([...this.plugins, ...nextById]);
    const affected = withDependants([...changed, ...added], everyone.values());
    const deactivated: string[] = [];
    for (const id of dependencyOrder(affected, everyone).reverse()) if (await this.deactivate(id)) deactivated.push(id);
    this.plugins = nextById;
    return deactivated;
  }

  /** Shutdown: every plugin, dependants before what they depend on. */
  async deactivateAll(): Promise<void> {
    for (const id of dependencyOrder([...this.activations.keys()], this.plugins).reverse()) await this.deactivate(id);
  }

  private activate(id: string, chain: readonly string[]): Promise<ActivationResultDto> {
    const deactivating = this.deactivations.get(id);
    if (deactivating) return deactivating.then(() => this.activate(id, chain));
    let activation = this.activations.get(id);
    if (!activation) {
      activation = this.run(this.plugins.get(id)!, chain);
      this.activations.set(id, activation);
    }
    return activation;
  }

  private async run(plugin: PluginDescriptionDto, chain: readonly string[]): Promise<ActivationResultDto> {
    const { rpc, timeoutMs } = this.options;
    this.live.add(plugin.id);
    let result: ActivationResultDto;
    let started = performance.now();
    try {
      for (const dependency of plugin.manifest.dependsOn ?? []) await this.activateDependency(plugin.id, dependency, chain);
      result = await this.inTurn(async () => {
        // The kernel blames a host crash on the plugins activating at that moment: only those running their own code.
        notify(rpc, $pluginStateChanged, { pluginId: plugin.id, state: 'activating' });
        started = performance.now();
        await withTimeLimit(this.load(plugin), timeoutMs, `activate() of ${plugin.id} did not finish within ${timeoutMs} ms`);
        return { pluginId: plugin.id, state: 'active', activationMs: Math.round(performance.now() - started) };
      });
    } catch (thrown) {
      this.live.delete(plugin.id);
      this.release(plugin.id);
      const error = toError(thrown);
      const message = error instanceof TimeLimitError || error instanceof DependencyError ? error.message : `activate() of ${plugin.id} failed: ${error.message}`;
      result = { pluginId: plugin.id, state: 'failed', error: message, activationMs: Math.round(performance.now() - started) };
    }
    notify(rpc, $pluginStateChanged, result);
    return result;
  }

  /** `work` now, or (one at a time) after every activation that came before it has ended. */
  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    if (!this.options.oneAtATime) return work();
    const turn = this.turns.then(work, work);
    this.turns = turn.catch(() => undefined);
    return turn;
  }

  private async activateDependency(pluginId: string, dependency: string, chain: readonly string[]): Promise<void> {
    if (chain.includes(dependency) || dependency === pluginId) {
      throw new DependencyError(`${pluginId} cannot be activated: its dependencies form a cycle (${[...chain, pluginId, dependency].join(' → ')})`);
    }
    if (!this.plugins.has(dependency)) {
      throw new DependencyError(`${pluginId} depends on ${dependency}, which is not installed or is disabled`);
    }
    const result = await this.activate(dependency, [...chain, pluginId]);
    if (result.state === 'failed') throw new DependencyError(`${pluginId} depends on ${dependency}, which failed to activate: ${result.error ?? ''}`);
  }

  private async load(plugin: PluginDescriptionDto): Promise<void> {
    if (!plugin.main) return;
    const module = await this.loader.load({ ...plugin, main: plugin.main });
    const entry: Activated = { module, subscriptions: [], internal: [] };
    this.activated.set(plugin.id, entry);
    if (typeof module.activate !== 'function') return;
    const context: PluginContext = Object.freeze({
      pluginId: plugin.id, pluginPath: plugin.path, storagePath: plugin.storagePath, subscriptions: entry.subscriptions,
    });
    await module.activate(this.options.createApi(plugin, entry.internal), context);
  }

  /** Resolves true when the plugin had been active (its `deactivate` was called). */
  private deactivate(id: string): Promise<boolean> {
    const activation = this.activations.get(id);
    if (!activation) return Promise.resolve(false);
    let deactivation = this.deactivations.get(id);
    if (!deactivation) {
      deactivation = this.runDeactivation(id, activation).finally(() => this.deactivations.delete(id));
      this.deactivations.set(id, deactivation);
    }
    return deactivation;
  }

  private async runDeactivation(id: string, activation: Promise<ActivationResultDto>): Promise<boolean> {
    const result = await activation;
    this.live.delete(id);
    const entry = this.activated.get(id);
    const wasActive = result.state === 'active';
    if (wasActive && typeof entry?.module.deactivate === 'function') {
      try {
        await withTimeLimit(Promise.resolve(entry.module.deactivate()), DEACTIVATION_TIMEOUT_MS, `deactivate() of ${id} did not finish within ${DEACTIVATION_TIMEOUT_MS} ms`);
      } catch (error) {
        this.options.reportError(id, error);
      }
    }
    this.release(id);
    this.activations.delete(id);
    if (wasActive) notify(this.options.rpc, $pluginStateChanged, { pluginId: id, state: 'inactive' });
    return wasActive;
  }

  /** Disposes what the plugin subscribed (last first) and drops its providers. */
  private release(id: string): void {
    const entry = this.activated.get(id);
    this.activated.delete(id);
    for (const disposable of [...(entry?.subscriptions ?? [])].reverse().concat(entry?.internal ?? [])) {
      try {
        disposable.dispose();
      } catch (error) {
        this.options.reportError(id, error);
      }
    }
    this.options.discard(id);
  }
}

/** Same folder, same files (revision) and same manifest: nothing to reload. */
function sameCode(old: PluginDescriptionDto, next: PluginDescriptionDto | undefined): boolean {
  return next !== undefined && next.path === old.path && next.main === old.main && next.revision === old.revision
    && JSON.stringify(next.manifest) === JSON.stringify(old.manifest);
}
