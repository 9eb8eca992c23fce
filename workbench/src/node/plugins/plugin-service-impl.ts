import { API_VERSION, EventEmitter, type Event } from '@timelocker/plugin-api';
import {
  $activateByEvent, $initialize, $log, $pluginError, $pluginStateChanged, $registerProvider, $showMessage, $unregisterProvider,
  type ActivationResultDto, type PluginDescriptionDto,
} from '@timelocker/plugin-api/protocol';
import { join } from 'node:path';
import { KernelOptions } from '../core/kernel-options.js';
import { inject, injectable, named, optional } from 'inversify';
import { ContributionProvider } from '../../common/contribution-provider.js';
import type { KernelContribution } from '../../common/kernel-contribution.js';
import { LogService, type Logger } from '../core/log-service.js';
import { ContributionRegistryImpl } from './contribution-registry-impl.js';
import { PluginHostContribution } from './plugin-host-contribution.js';
import { defaultPluginHostOptions, PluginHostOptions } from './plugin-host-options.js';
import { PluginHostProcess } from './plugin-host-process.js';
import type { PluginHostHealth, PluginService, PluginStatus } from './plugin-service.js';
import { PluginStatuses } from './plugin-statuses.js';
import { ProviderHandles } from './provider-handles.js';

type ShownMessage = { pluginId: string; severity: 'info' | 'warning' | 'error'; message: string };

/** Runs the plugin host child process: spawn, initialize, activate on events, restart after crashes. */
@injectable()
export class PluginServiceImpl implements PluginService, KernelContribution {
  readonly id = 'plugins';
  readonly handles = new ProviderHandles();
  private readonly limits: Required<PluginHostOptions>;
  private readonly logger: Logger;
  private readonly activations = new WeakMap<PluginHostProcess, Map<string, Promise<void>>>();
  private statusesCache: PluginStatuses | undefined;
  private host: PluginHostProcess | undefined;
  private starting: Promise<PluginHostProcess | undefined> | undefined;
  private readonly seenEvents: string[] = [];
  private crashTimes: number[] = [];
  private restarts = 0;
  private reloading: Promise<void> = Promise.resolve();
  private gaveUp = false;
  private stopped = false;
  private readonly shown = new EventEmitter<ShownMessage>();
  private readonly stateChanged = new EventEmitter<PluginStatus>();
  readonly onDidShowMessage: Event<ShownMessage> = this.shown.event;
  readonly onDidChangePluginState: Event<PluginStatus> = this.stateChanged.event;

  constructor(
    @inject(ContributionRegistryImpl) private readonly contributions: ContributionRegistryImpl,
    @inject(LogService) private readonly logs: LogService,
    @inject(ContributionProvider) @named(PluginHostContribution)
    private readonly hostContributions: ContributionProvider<PluginHostContribution>,
    @inject(PluginHostOptions) @optional() options: PluginHostOptions | undefined,
    @inject(KernelOptions) private readonly kernelOptions: KernelOptions,
  ) {
    this.limits = { ...defaultPluginHostOptions, ...options };
    this.logger = logs.getLogger('plugins');
  }

  private get statuses(): PluginStatuses {
    if (!this.statusesCache) {
      this.statusesCache = new PluginStatuses(this.contributions.plugins());
      this.statusesCache.onDidChange((s) => this.stateChanged.fire(s));
    }
    return this.statusesCache;
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.ensureHost();
  }

  onStop(): Promise<void> {
    return this.stop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const host = this.host ?? (await this.starting);
    this.host = undefined;
    this.starting = undefined;
    this.handles.clear();
    await host?.kill();
  }

  listPlugins(): PluginStatus[] {
    return this.statuses.list();
  }

  hostHealth(): PluginHostHealth {
    return { up: this.host?.running === true, restarts: this.restarts };
  }

  status(pluginId: string): PluginStatus | undefined {
    return this.statuses.get(pluginId);
  }

  /** The connection to the running host, starting it if needed; undefined once stopped or given up. */
  async connection(): Promise<PluginHostProcess | undefined> {
    return this.ensureHost();
  }

  async activateByEvent(event: string): Promise<void> {
    if (!this.seenEvents.includes(event)) this.seenEvents.push(event);
    const host = await this.ensureHost();
    if (host) await this.activateOnce(host, event);
  }

  /** Every provider call asks for its activation event; after the first answer per host it costs no round trip. */
  private activateOnce(host: PluginHostProcess, event: string): Promise<void> {
    let perHost = this.activations.get(host);
    if (!perHost) {
      perHost = new Map();
      this.activations.set(host, perHost);
    }
    let activation = perHost.get(event);
    if (!activation) {
      activation = this.activateOn(host, event);
      perHost.set(event, activation);
    }
    return activation;
  }

  private async activateOn(host: PluginHostProcess, event: string): Promise<void> {
    let results: ActivationResultDto[];
    try {
      results = await host.rpc.sendRequest($activateByEvent, { event });
    } catch (error) {
      this.logger.warn(`Activation on ${event} did not complete: ${(error as Error).message}`);
      return;
    }
    for (const r of results) this.statuses.update(r.pluginId, { state: r.state, error: r.error, activationMs: r.activationMs });
  }

  private ensureHost(): Promise<PluginHostProcess | undefined> {
    if (this.stopped || this.gaveUp) return Promise.resolve(undefined);
    this.starting ??= this.spawn();
    return this.starting;
  }

  private async spawn(): Promise<PluginHostProcess | undefined> {
    const host = new PluginHostProcess(this.logger, (gone) => this.hostGone(gone));
    this.host = host;
    this.listen(host);
    host.rpc.listen();
    try {
      await host.rpc.sendRequest($initialize, {
        apiVersion: API_VERSION, plugins: this.descriptions(), activationTimeoutMs: this.limits.activationTimeoutMs,
      });
    } catch (error) {
      this.logger.error(`The plugin host did not initialize: ${(error as Error).message}`);
      return host;
    }
    // A restarted host gets back every activation the previous one had seen.
    for (const event of [...this.seenEvents]) await this.activateOnce(host, event);
    return host;
  }

  private descriptions(): PluginDescriptionDto[] {
    return this.contributions.plugins().flatMap((p) => (p.rejected || !p.manifest ? [] : [{
      id: p.id, path: p.path, main: p.main, manifest: p.manifest, activationEvents: p.activationEvents,
      storagePath: join(this.kernelOptions.dataDir, 'plugin-data', p.id),
    }]));
  }

  private listen(host: PluginHostProcess): void {
    const { rpc } = host;
    rpc.onNotification($registerProvider, (r) => this.handles.add(r));
    rpc.onNotification($unregisterProvider, ({ handle }) => this.handles.remove(handle));
    rpc.onNotification($pluginStateChanged, ({ pluginId, state, error, activationMs }) =>
      this.statuses.update(pluginId, { state, error, activationMs }));
    rpc.onNotification($pluginError, ({ pluginId, error }) => {
      this.logs.getLogger(`plugin:${pluginId}`).error(error.stack ?? error.message);
      this.statuses.update(pluginId, { message: `${error.name}: ${error.message}` });
    });
    rpc.onNotification($log, ({ pluginId, level, message }) => this.logs.getLogger(pluginId ? `plugin:${pluginId}` : 'plugin-host')[level](message));
    rpc.onRequest($showMessage, (m) => this.shown.fire(m));
    for (const contribution of this.hostContributions.getContributions()) contribution.onHostStarted(rpc);
  }

  private hostGone(host: PluginHostProcess): void {
    if (this.host !== host) return;
    this.host = undefined;
    this.starting = undefined;
    this.handles.clear();
    void host.kill();
    for (const s of this.statuses.loadable()) {
      if (s.state === 'active' || s.state === 'activating') this.statuses.update(s.id, { state: 'inactive' });
    }
    const now = Date.now();
    this.crashTimes = [...this.crashTimes.filter((t) => now - t < this.limits.restartWindowMs), now];
    if (this.crashTimes.length > this.limits.maxRestarts) {
      this.gaveUp = true;
      const minutes = Math.round(this.limits.restartWindowMs / 60_000);
      const error = `The plugin host keeps crashing (${this.crashTimes.length} times within ${minutes} minutes); plugins stay disabled until TimeLocker is restarted.`;
      this.logger.error(error);
      for (const s of this.statuses.loadable()) this.statuses.update(s.id, { state: 'failed', error });
      return;
    }
    this.logger.warn(`The plugin host exited unexpectedly; restarting it (${this.crashTimes.length} of ${this.limits.maxRestarts}).`);
    this.restarts++;
    void this.ensureHost();
  }

  /** Serialized: two quick changes (install, then enable) must not race two host replacements. */
  reload(): Promise<void> {
    this.reloading = this.reloading.then(() => this.replaceHost(), () => this.replaceHost());
    return this.reloading;
  }

  /** The host has no per-plugin unload, so the whole host is replaced; other plugins re-activate on replayed events. */
  async reloadPlugin(id: string): Promise<PluginStatus | undefined> {
    await this.reload();
    return this.status(id);
  }

  private async replaceHost(): Promise<void> {
    const running = this.host ?? (await this.starting);
    this.host = undefined;
    this.starting = undefined;
    this.handles.clear();
    this.contributions.rescan();
    this.statusesCache = undefined;
    await running?.kill();
    if (running && !this.stopped) await this.ensureHost();
  }

  /** Pid of the running host process, if any (diagnostics and tests). */
  get hostPid(): number | undefined {
    return this.host?.pid;
  }

  /** Whether `host` is still the one serving calls (a call that failed on an older host failed because it died). */
  isCurrent(host: PluginHostProcess): boolean {
    return this.host === host && host.running;
  }
}
