import { API_VERSION, EventEmitter, type Event } from '@timelocker/plugin-api';
import {
  $activateByEvent, $deactivateAll, $initialize, $log, $pluginError, $pluginStateChanged, $registerProvider, $showMessage,
  $unregisterProvider, $updatePlugins, withTimeLimit, type ActivationResultDto, type HostPluginState, type PluginDescriptionDto,
} from '@timelocker/plugin-api/protocol';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { KernelOptions } from '../core/kernel-options.js';
import { inject, injectable, named, optional } from 'inversify';
import { ContributionProvider } from '../../common/contribution-provider.js';
import type { KernelContribution } from '../../common/kernel-contribution.js';
import { LogService, type Logger } from '../core/log-service.js';
import { ContributionRegistryImpl } from './contribution-registry-impl.js';
import { PluginActivationRecords } from './plugin-activation-records.js';
import { PluginHostContribution } from './plugin-host-contribution.js';
import { defaultPluginHostOptions, INSPECT_ACTIVATION_TIMEOUT_MS, PluginHostOptions } from './plugin-host-options.js';
import { isAdoptable } from './plugin-host-fork.js';
import { PluginHostProcess } from './plugin-host-process.js';
import type { ScannedPlugin } from './plugin-scanner.js';
import type { PluginHostHealth, PluginService, PluginStatus } from './plugin-service.js';
import { PluginStatuses } from './plugin-statuses.js';
import { ProviderHandles } from './provider-handles.js';

type ShownMessage = { pluginId: string; severity: 'info' | 'warning' | 'error'; message: string };

/** Same folder, files and manifest: a reload leaves the plugin (and its run-time state) alone. */
function sameCode(a: ScannedPlugin, b: ScannedPlugin): boolean {
  return a.path === b.path && a.revision === b.revision && a.rejected === b.rejected && JSON.stringify(a.manifest) === JSON.stringify(b.manifest);
}

/** Runs the plugin host child process: spawn, initialize, activate on events, apply plugin changes, restart after crashes. */
@injectable()
export class PluginServiceImpl implements PluginService, KernelContribution {
  readonly id = 'plugins';
  readonly handles = new ProviderHandles();
  private readonly limits: typeof defaultPluginHostOptions;
  private readonly logger: Logger;
  private readonly records: PluginActivationRecords;
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
    @inject(PluginHostOptions) @optional() private readonly options: PluginHostOptions | undefined,
    @inject(KernelOptions) private readonly kernelOptions: KernelOptions,
  ) {
    const inspecting = options?.inspect !== undefined ? { activationTimeoutMs: INSPECT_ACTIVATION_TIMEOUT_MS } : {};
    this.limits = { ...defaultPluginHostOptions, ...inspecting, ...options };
    this.logger = logs.getLogger('plugins');
    this.records = new PluginActivationRecords(kernelOptions.dataDir);
  }

  private get statuses(): PluginStatuses {
    this.statusesCache ??= this.newStatuses();
    return this.statusesCache;
  }

  private newStatuses(previous?: { statuses: PluginStatuses; unchanged: ReadonlySet<string> }): PluginStatuses {
    const statuses = new PluginStatuses(this.contributions.plugins(), (p) => this.records.failure(p.id, p.version), previous);
    statuses.onDidChange((s) => this.stateChanged.fire(s));
    return statuses;
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
    if (host?.running) {
      // deactivate() of every plugin runs before the process ends; a plugin that hangs there does not hold up the exit.
      await withTimeLimit(host.rpc.sendRequest($deactivateAll, {}), this.limits.shutdownTimeoutMs, `no answer within ${this.limits.shutdownTimeoutMs} ms`)
        .catch((error: Error) => this.logger.warn(`Plugins did not deactivate cleanly: ${error.message}`));
    }
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
    const inspect = this.options?.inspect;
    const host = new PluginHostProcess(this.logger, (gone) => this.hostGone(gone),
      inspect === undefined ? undefined : { address: inspect, ...(this.options?.onInspectorListening ? { onListening: this.options.onInspectorListening } : {}) },
      this.earlyProcess());
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
    for (const contribution of this.hostContributions.getContributions()) await contribution.onHostInitialized?.(host.rpc);
    // A restarted host gets back every activation the previous one had seen.
    await this.replay(host);
    return host;
  }

  /** The host forked before the kernel started, if one was and it still runs; one that does not is ended. */
  private earlyProcess(): ChildProcess | undefined {
    const early = this.options?.takeEarlyProcess?.();
    if (!early || isAdoptable(early)) return early;
    early.kill('SIGKILL');
    return undefined;
  }

  private async replay(host: PluginHostProcess): Promise<void> {
    for (const event of [...this.seenEvents]) await this.activateOnce(host, event);
  }

  private descriptions(): PluginDescriptionDto[] {
    return this.contributions.plugins().flatMap((p) => (p.rejected || !p.manifest ? [] : [{
      id: p.id, path: p.path, main: p.main, manifest: p.manifest, activationEvents: p.activationEvents,
      storagePath: join(this.kernelOptions.dataDir, 'plugin-data', p.id), ...(p.revision ? { revision: p.revision } : {}),
    }]));
  }

  private listen(host: PluginHostProcess): void {
    const { rpc } = host;
    rpc.onNotification($registerProvider, (r) => this.handles.add(r));
    rpc.onNotification($unregisterProvider, ({ handle }) => this.handles.remove(handle));
    rpc.onNotification($pluginStateChanged, ({ pluginId, state, error, activationMs }) => {
      this.statuses.update(pluginId, { state, error, activationMs });
      void this.remember(pluginId, state, error);
    });
    rpc.onNotification($pluginError, ({ pluginId, error }) => {
      this.logs.getLogger(`plugin:${pluginId}`).error(error.stack ?? error.message);
      this.statuses.update(pluginId, { message: `${error.name}: ${error.message}` });
    });
    rpc.onNotification($log, ({ pluginId, level, message }) => this.logs.getLogger(pluginId ? `plugin:${pluginId}` : 'plugin-host')[level](message));
    rpc.onRequest($showMessage, (m) => this.shown.fire(m));
    for (const contribution of this.hostContributions.getContributions()) contribution.onHostStarted(rpc);
  }

  /** A failed activation is written down for every other TimeLocker process; a successful one clears it. */
  private async remember(pluginId: string, state: HostPluginState, error: string | undefined): Promise<void> {
    const status = this.statuses.get(pluginId);
    if (!status || (state !== 'failed' && state !== 'active')) return;
    try {
      if (state === 'active') await this.records.clear(pluginId);
      else await this.records.recordFailure(pluginId, { version: status.version, error: error ?? 'unknown error', at: status.failedAt ?? new Date().toISOString() });
    } catch (recordError) {
      this.logger.warn(`Could not record the activation of ${pluginId}: ${(recordError as Error).message}`);
    }
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

  /** Serialized: two quick changes (install, then enable) must not race two updates of the host. */
  reload(): Promise<void> {
    this.reloading = this.reloading.then(() => this.applyChanges(), () => this.applyChanges());
    return this.reloading;
  }

  async reloadPlugin(id: string): Promise<PluginStatus | undefined> {
    await this.reload();
    return this.status(id);
  }

  /**
   * Rescans, keeps the state of unchanged plugins, and hands the new list to the running host, which deactivates
   * only removed, disabled and changed plugins and their dependants; replaying the events seen so far activates
   * them (and new plugins listening to those events) again.
   */
  private async applyChanges(): Promise<void> {
    const before = new Map(this.contributions.plugins().map((p) => [p.id, p]));
    const previous = this.statusesCache;
    this.contributions.rescan();
    const unchanged = new Set(this.contributions.plugins().filter((p) => {
      const old = before.get(p.id);
      return old !== undefined && sameCode(old, p);
    }).map((p) => p.id));
    this.statusesCache = this.newStatuses(previous ? { statuses: previous, unchanged } : undefined);
    for (const status of this.statusesCache.list()) if (!unchanged.has(status.id)) this.stateChanged.fire(status);
    const host = this.host ?? (await this.starting);
    if (!host?.running || this.stopped) return;
    const { deactivated } = await host.rpc.sendRequest($updatePlugins, { plugins: this.descriptions() });
    if (deactivated.length) this.logger.info(`Deactivated for the plugin change: ${deactivated.join(', ')}`);
    this.activations.delete(host);
    await this.replay(host);
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
