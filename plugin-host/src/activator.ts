import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { TimeLockerError, type PluginContext, type PluginModule, type TimeLockerApi } from '@timelocker/plugin-api';
import { matchesActivationEvent } from '@timelocker/plugin-api/manifest';
import { $pluginStateChanged, type ActivationResultDto, type PluginDescriptionDto } from '@timelocker/plugin-api/protocol';
import type { MessageConnection } from 'vscode-jsonrpc';
import { toError } from './errors.js';
import { notify } from './notify.js';

export interface ActivatorOptions {
  readonly rpc: MessageConnection;
  readonly plugins: readonly PluginDescriptionDto[];
  readonly timeoutMs: number;
  createApi(plugin: PluginDescriptionDto): TimeLockerApi;
  /** Drops what a plugin registered before its activation failed. */
  discard(pluginId: string): void;
}

class ActivationTimeout extends TimeLockerError {
  constructor(message: string) {
    super('unavailable', message);
    this.name = 'ActivationTimeout';
  }
}

function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new ActivationTimeout(message)), ms); });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Lazy activation: a plugin's code is loaded the first time an event it listens to is fired. */
export class Activator {
  private readonly activations = new Map<string, Promise<ActivationResultDto>>();

  constructor(private readonly options: ActivatorOptions) {}

  activateByEvent(event: string): Promise<ActivationResultDto[]> {
    const targets = this.options.plugins.filter((p) => matchesActivationEvent(p.activationEvents, event));
    return Promise.all(targets.map((plugin) => this.activate(plugin)));
  }

  private activate(plugin: PluginDescriptionDto): Promise<ActivationResultDto> {
    let activation = this.activations.get(plugin.id);
    if (!activation) {
      activation = this.run(plugin);
      this.activations.set(plugin.id, activation);
    }
    return activation;
  }

  private async run(plugin: PluginDescriptionDto): Promise<ActivationResultDto> {
    const { rpc, timeoutMs } = this.options;
    notify(rpc, $pluginStateChanged, { pluginId: plugin.id, state: 'activating' });
    const started = performance.now();
    let result: ActivationResultDto;
    try {
      await withTimeout(this.load(plugin), timeoutMs, `activate() of ${plugin.id} did not finish within ${timeoutMs} ms`);
      result = { pluginId: plugin.id, state: 'active', activationMs: Math.round(performance.now() - started) };
    } catch (thrown) {
      this.options.discard(plugin.id);
      const error = toError(thrown);
      const message = error instanceof ActivationTimeout ? error.message : `activate() of ${plugin.id} failed: ${error.message}`;
      result = { pluginId: plugin.id, state: 'failed', error: message, activationMs: Math.round(performance.now() - started) };
    }
    notify(rpc, $pluginStateChanged, result);
    return result;
  }

  private async load(plugin: PluginDescriptionDto): Promise<void> {
    if (!plugin.main) return;
    const module = (await import(pathToFileURL(plugin.main).href)) as Partial<PluginModule>;
    if (typeof module.activate !== 'function') return;
    const context: PluginContext = Object.freeze({ pluginId: plugin.id, pluginPath: plugin.path, storagePath: plugin.storagePath, subscriptions: [] });
    await module.activate(this.options.createApi(plugin), context);
  }
}
