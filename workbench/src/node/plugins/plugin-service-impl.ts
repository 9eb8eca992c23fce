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
import { ActivationWatchdog } from './activation-watchdog.js';
import { ContributionRegistryImpl } from './contribution-registry-impl.js';
import { PluginActivationRecords } from './plugin-activation-records.js';
import { PluginHostContribution } from './plugin-host-contribution.js';
import { PluginHostCrashes } from './plugin-host-crashes.js';
import { defaultPluginHostOptions, INSPECT_ACTIVATION_TIMEOUT_MS, PluginHostOptions } from './plugin-host-options.js';
import { isAdoptable } from './plugin-host-fork.js';
import { PluginHostProcess } from './plugin-host-process.js';
import type { ScannedPlugin } from './plugin-scanner.js';
import type { PluginHostHealth, PluginService, PluginStatus } from './plugin-service.js';
import { PluginStatuses } from './plugin-statuses.js';
import { ProviderHandles } from './provider-handles.js';

/** Beyond the host's own activation time limit: how long the kernel waits for the host to report it before ending it. */
const HUNG_GRACE_MS = 5_000;

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
  private reloading: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly crashes: PluginHostCrashes;
  private readonly watchdog: ActivationWatchdog;
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
    this.crashes = new PluginHostCrashes(this.limits, () => this.statuses, this.records, this.logger);
    this.watchdog = new ActivationWatchdog(this.limits.activationTimeoutMs + HUNG_GRACE_MS, (pluginId) => this.hung(pluginId));
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
    this.watchdog.clear();
    await host?.kill();
  }

  listPlugins(): PluginStatus[] {
    return this.statuses.list();
  }

  hostHealth(): PluginHostHealth {
    return { up: this.host?.running === true, restarts: this.crashes.restarts };
  }

  status(pluginId: string): PluginStatus | undefined {
    return this.statuses.get(pluginId);
  }

  /** The connection to the running host, starting it if needed; undefined once stopped or given up. */
  async connection(): Promise<PluginHostProcess | undefined> {
    return this.ensureHost();
  }

  /** Resolves once the plugins of `event` have activated or failed, on a host that still runs after it (or none is left). */
  async activateByEvent(event: string): Promise<void> {
    if (!this.seenEvents.includes(event)) this.seenEvents.push(event);
    for (;;) {
      const host = await this.ensureHost();
      if (!host) return;
      await this.activateOnce(host, event);
      // A host that ended meanwhile is replaced (the crash counted, the plugin that caused it left out) and replays.
      if (this.isCurrent(host) || this.stopped) return;
    }
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
      // A host that ended is reported (and replaced) on its own; its unanswered requests say nothing more.
      if (this.isCurrent(host)) this.logger.warn(`Activation on ${event} did not complete: ${(error as Error).message}`);
      return;
    }
    for (const r of results) this.statuses.update(r.pluginId, { state: r.state, error: r.error, activationMs: r.activationMs });
  }

  private ensureHost(): Promise<PluginHostProcess | undefined> {
    if (this.stopped || this.crashes.gaveUp) return Promise.resolve(undefined);
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
        apiVersion: API_VERSION, plugins: this.descriptions(), activationTimeoutMs: this.limits.activationTimeoutMs, oneAtATime: this.crashes.oneAtATime,
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

  /** What the host may load: not a plugin that ended a host while it activated (until it is reinstalled or re-enabled). */
  private descriptions(): PluginDescriptionDto[] {
    return this.contributions.plugins().flatMap((p) => (p.rejected || !p.manifest || this.records.failure(p.id, p.version)?.endedHost ? [] : [{
      id: p.id, path: p.path, main: p.main, manifest: p.manifest, activationEvents: p.activationEvents,
      storagePath: join(this.kernelOptions.dataDir, 'plugin-data', p.id), ...(p.revision ? { revision: p.revision } : {}),
    }]));
  }

  private listen(host: PluginHostProcess): void {
    const { rpc } = host;
    rpc.onNotification($registerProvider, (r) => this.handles.add(r));
    rpc.onNotification($unregisterProvider, ({ handle }) => this.handles.remove(handle));
    rpc.onNotification($pluginStateChanged, ({ pluginId, state, error, activationMs }) => {
      if (state === 'activating') this.watchdog.started(pluginId);
      else this.watchdog.ended(pluginId);
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

  /** A plugin's `activate()` outlived the host's own time limit: the host no longer answers, and is ended. */
  private hung(pluginId: string): void {
    const host = this.host;
    if (!host) return;
    this.crashes.hung(pluginId);
    this.hostGone(host);
  }

  private hostGone(host: PluginHostProcess): void {
    if (this.host !== host) return;
    this.host = undefined;
    this.starting = undefined;
    this.handles.clear();
    this.watchdog.clear();
    void host.kill();
    const activating = this.statuses.loadable().filter((s) => s.state === 'activating').map((s) => s.id);
    for (const s of this.statuses.loadable()) {
      if (s.state === 'active' || s.state === 'activating') this.statuses.update(s.id, { state: 'inactive' });
    }
    const next = this.crashes.ended(activating);
    if (next && !this.stopped) this.starting = next.then(() => this.spawn());
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
    const retry = this.crashes.retry() && !this.stopped;
    const previous = retry ? undefined : this.statusesCache;
    this.contributions.rescan();
    const unchanged = new Set(this.contributions.plugins().filter((p) => {
      const old = before.get(p.id);
      return old !== undefined && sameCode(old, p);
    }).map((p) => p.id));
    this.statusesCache = this.newStatuses(previous ? { statuses: previous, unchanged } : undefined);
    for (const status of this.statusesCache.list()) if (!unchanged.has(status.id)) this.stateChanged.fire(status);
    if (retry) {
      await this.ensureHost();
      return;
    }
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
