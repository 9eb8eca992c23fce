import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter, ResponseError, type MessageConnection, type RequestType } from 'vscode-jsonrpc/node.js';
import { API_VERSION } from '../index.js';
import { TimeLockerError, type ErrorKind } from '../errors.js';
import type {
  AuditEntryDto, ConnectionTestResult, JobFilter, JsonObject, JsonValue, MessageSeverity, NotificationDto, PolicyContextDto,
  PolicyViolationDto, ReportDataDto, ResticLocation, TreeItemDto, ValidationIssue,
} from '../dto.js';
import {
  activationEventPrefix, activationEventsOf, checkEngine, pluginIdOf, qualifiedActivationEvent, qualifiedContributionId,
  type PluginManifest,
} from '../manifest/index.js';
import {
  $acceptConfiguration, $activateByEvent, $deactivateAll, $deliverAuditEntries, $evaluatePolicies, $executeCommand, $executeHostCommand,
  $getCommands, $initialize, $log, $pluginError, $provideBackendResolve, $provideBackendTestConnection, $provideBackendValidate,
  $provideNotifierValidate, $provideTreeChildren, $registerProvider, $renderReport, $secretsDelete, $secretsGet, $secretsStore,
  $sendNotification, $showMessage, $unregisterProvider, $workspaceGetJobs, $workspaceGetPlans, $workspaceGetRepositories,
  $workspaceGetSnapshots, changedSettingPaths, type ProviderErrorData, type ProviderPoint,
} from '../protocol/index.js';
import { resolvePluginHostEntry } from './plugin-host-entry.js';
import { emptyWorkspace, type WorkspaceFixture } from './workspace-fixture.js';

/** How `PluginTestHost.start` runs the plugin. */
export interface PluginTestHostOptions {
  /** Folder of the plugin under test (the one holding its package.json). */
  readonly pluginPath: string;
  /** The plugin host entry; see `resolvePluginHostEntry` for the default lookup. */
  readonly hostEntry?: string;
  /** How long `activate` may take (default 10 s, as in TimeLocker). */
  readonly activationTimeoutMs?: number;
  /** What `api.workspace` returns. */
  readonly workspace?: Partial<WorkspaceFixture>;
  /** Folder given to the plugin as `context.storagePath` (default: a fresh temp folder). */
  readonly storagePath?: string;
  /** The plugin's settings, as if written under `plugins.<pluginId>` in timelocker.json (default: none). */
  readonly settings?: JsonObject;
}

/** A message the plugin showed with `api.window.showMessage`. */
export interface ShownMessage {
  /** How serious. */
  readonly severity: MessageSeverity;
  /** The text. */
  readonly message: string;
}

/** How an activation ended, with its duration as the plugin host measured it. */
export interface ActivationOutcome {
  /** Which plugin. */
  readonly pluginId: string;
  /** How `activate` ended. */
  readonly state: 'active' | 'failed';
  /** What went wrong, when it failed (thrown, timed out, a dependency failed). */
  readonly error?: string;
  /** How long `activate` took. */
  readonly activationMs?: number;
}

/** One element of a view as the UI gets it. */
export interface TestTreeNode {
  /** Pass it to `getViewChildren` for the element's children. */
  readonly elementId: string;
  /** How the element is shown. */
  readonly item: TreeItemDto;
}

/** Plugin code failed: activation, a provider call, or a registration. The message (and a thrown TimeLockerError's kind) is the plugin's own. */
export class PluginTestError extends TimeLockerError {
  constructor(message: string, kind: ErrorKind = 'plugin-failed') {
    super(kind, message);
    this.name = 'PluginTestError';
  }
}

const pointEvent = (point: ProviderPoint, id: string): string => `${activationEventPrefix[point]}:${id}`;

/** Temp folders a host made for itself (kept off the class so they are no part of the public API surface). */
const ownedTempDirs = new WeakMap<PluginTestHost, string>();

/**
 * One plugin in a real TimeLocker plugin host process, driven the way the kernel drives it:
 * activation by event, providers called by handle over JSON-RPC, secrets and workspace served in memory.
 */

export class PluginTestHost {
  /** Its id, `publisher.name`. */
  readonly pluginId: string;
  /** Its package.json. */
  readonly manifest: PluginManifest;
  /** Messages the plugin showed with `api.window.showMessage`. */
  readonly messages: ShownMessage[] = [];
  /** Log lines: `api.logger` output and whatever the host printed. */
  readonly logs: string[] = [];
  /** Errors the host attributed to the plugin (uncaught errors, refused `process.exit`). */
  readonly errors: string[] = [];
  /** The plugin's secret storage, by key. */
  readonly secrets = new Map<string, string>();
  private readonly handles = new Map<string, number>();
  private readonly exited: Promise<unknown>;
  /** How the host process ended, once it has: every request still waiting fails with it. */
  private ended: string | undefined;
  private settings: JsonObject = {};

  private constructor(
    pluginId: string,
    manifest: PluginManifest,
    private readonly child: ChildProcess,
    private readonly rpc: MessageConnection,
  ) {
    this.pluginId = pluginId;
    this.manifest = manifest;
    this.exited = once(child, 'exit');
    child.once('exit', (code, signal) => {
      this.ended = `the plugin host exited (${signal ?? `code ${code}`})`;
      rpc.dispose();
    });
  }

  /** Spawns the host and hands it the plugin; nothing is activated yet. */
  static async start(options: PluginTestHostOptions): Promise<PluginTestHost> {
    const pluginPath = resolve(options.pluginPath);
    const manifest = JSON.parse(readFileSync(join(pluginPath, 'package.json'), 'utf8')) as PluginManifest;
    const pluginId = pluginIdOf(manifest);
    const engine = checkEngine(manifest.engines?.timelocker ?? '', API_VERSION, pluginId);
    if (!engine.compatible) throw new PluginTestError(engine.message ?? `${pluginId} is not compatible`);
    const child = fork(resolvePluginHostEntry(options.hostEntry), [], { execArgv: [], stdio: ['ignore', 'pipe', 'pipe', 'ipc'], serialization: 'json' });
    const rpc = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    const host = new PluginTestHost(pluginId, manifest, child, rpc);
    // A storage folder the harness made is the harness's to remove; one the test passed in is the test's.
    const ownedTempDir = options.storagePath === undefined ? mkdtempSync(join(tmpdir(), 'tl-plugin-test-')) : undefined;
    if (ownedTempDir) ownedTempDirs.set(host, ownedTempDir);
    host.serve({ ...emptyWorkspace, ...options.workspace });
    rpc.listen();
    await rpc.sendRequest($initialize, {
      apiVersion: API_VERSION,
      activationTimeoutMs: options.activationTimeoutMs ?? 10_000,
      plugins: [{
        id: pluginId, path: pluginPath, manifest,
        main: manifest.main ? resolve(pluginPath, manifest.main) : undefined,
        activationEvents: activationEventsOf(manifest),
        storagePath: options.storagePath ?? join(ownedTempDir!, 'storage'),
      }],
    });
    await host.setSettings(options.settings ?? {});
    return host;
  }

  /** Replaces the plugin's settings, as a saved config file would; the plugin hears `onDidChangeConfiguration`. */
  async setSettings(settings: JsonObject): Promise<void> {
    const before = { [this.pluginId]: this.settings };
    this.settings = settings;
    const after = { [this.pluginId]: settings };
    await this.rpc.sendNotification($acceptConfiguration, { settings: after, changed: changedSettingPaths(before, after) });
  }

  /** Deactivates the plugin as TimeLocker does on disable, uninstall, reload and shutdown: `deactivate()`, then its subscriptions. */
  deactivate(): Promise<void> {
    return this.rpc.sendRequest($deactivateAll, {});
  }

  private serve(workspace: WorkspaceFixture): void {
    const { rpc, child } = this;
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) createInterface({ input: stream }).on('line', (line) => this.logs.push(line));
    }
    rpc.onNotification($registerProvider, (r) => this.handles.set(`${r.point}:${r.id}`, r.handle));
    rpc.onNotification($unregisterProvider, ({ handle }) => {
      for (const [key, value] of this.handles) if (value === handle) this.handles.delete(key);
    });
    rpc.onNotification($log, ({ level, message }) => this.logs.push(`[${level}] ${message}`));
    rpc.onNotification($pluginError, ({ error }) => this.errors.push(`${error.name}: ${error.message}`));
    rpc.onRequest($showMessage, ({ severity, message }) => { this.messages.push({ severity, message }); });
    rpc.onRequest($secretsGet, ({ key }) => this.secrets.get(key) ?? null);
    rpc.onRequest($secretsStore, ({ key, value }) => { this.secrets.set(key, value); });
    rpc.onRequest($secretsDelete, ({ key }) => { this.secrets.delete(key); });
    rpc.onRequest($workspaceGetRepositories, () => [...workspace.repositories]);
    rpc.onRequest($workspaceGetPlans, () => [...workspace.plans]);
    rpc.onRequest($workspaceGetSnapshots, ({ repository }) => [...(workspace.snapshots[repository] ?? [])]);
    rpc.onRequest($workspaceGetJobs, ({ filter }: { filter?: JobFilter }) => workspace.jobs
      .filter((j) => (!filter?.status || j.status === filter.status) && (!filter?.repository || j.repository === filter.repository))
      .slice(0, filter?.limit ?? Infinity));
    rpc.onRequest($getCommands, () => [...this.handles.keys()].filter((k) => k.startsWith('commands:')).map((k) => k.slice('commands:'.length)));
    rpc.onRequest($executeCommand, ({ id, args }) => this.executeCommand(id, ...args));
  }

  /** Fires an activation event (contribution ids short or full); resolves with the outcome of every plugin it activated. */
  activateByEvent(event: string): Promise<ActivationOutcome[]> {
    return this.whileHostRuns(`activation on ${event}`, () => this.rpc.sendRequest($activateByEvent, { event: qualifiedActivationEvent(event, this.manifest.publisher) }));
  }

  /** Activates the plugin by its first activation event and fails with its error if `activate` threw or hung. */
  async activate(): Promise<ActivationOutcome> {
    const [event] = activationEventsOf(this.manifest);
    if (!event) throw new PluginTestError(`${this.pluginId} declares no activation events and no contributions`);
    const [result] = await this.activateByEvent(event);
    if (!result) throw new PluginTestError(`${this.pluginId} was not activated by ${event}`);
    if (result.state === 'failed') throw new PluginTestError(result.error ?? `${this.pluginId} failed to activate`);
    return result;
  }

  /** The backend's own checks of a repository's settings (none when it has no `validate`). Ids short or full. */
  validateBackend(id: string, config: JsonObject): Promise<ValidationIssue[]> {
    return this.call('backends', id, $provideBackendValidate, (handle) => ({ handle, config }));
  }

  /** Where restic would go for these settings and secrets. */
  async resolveBackend(id: string, config: JsonObject, secrets: Record<string, string> = {}): Promise<ResticLocation> {
    const { location } = await this.call('backends', id, $provideBackendResolve, (handle) => ({ handle, config, secrets }));
    // Asked without validation, the host always resolves.
    return location!;
  }

  /** The backend's connection test, as `repo add` and `repo test` run it. */
  testBackendConnection(id: string, config: JsonObject, secrets: Record<string, string> = {}): Promise<ConnectionTestResult> {
    return this.call('backends', id, $provideBackendTestConnection, (handle) => ({ handle, config, secrets }));
  }

  /** Text formats resolve to a string, binary ones to bytes. */
  async renderReport(id: string, report: ReportDataDto): Promise<string | Uint8Array> {
    const rendered = await this.call('reportFormats', id, $renderReport, (handle) => ({ handle, report }));
    return rendered.kind === 'text' ? rendered.text : new Uint8Array(Buffer.from(rendered.base64, 'base64'));
  }

  /** The rule's findings for an operation, with a policy entry's `options`. */
  async evaluatePolicy(id: string, context: PolicyContextDto, options: JsonObject = {}): Promise<PolicyViolationDto[]> {
    const [outcome] = await this.call('policyRules', id, $evaluatePolicies, (handle) => ({ rules: [{ handle, options }], context }));
    if (outcome && 'violations' in outcome) return outcome.violations;
    const error = outcome && 'error' in outcome ? outcome.error : undefined;
    throw new PluginTestError(error?.message ?? `policy rule "${id}" gave no answer`, error?.data?.kind);
  }

  /** Delivers a notification through the notifier, with an entry's settings and secrets. */
  sendNotification(id: string, notification: NotificationDto, config: JsonObject = {}, secrets: Record<string, string> = {}): Promise<void> {
    return this.call('notifiers', id, $sendNotification, (handle) => ({ handle, notification, config, secrets }));
  }

  /** The notifier's own checks of an entry (none when it has no `validate`). */
  validateNotifier(id: string, config: JsonObject): Promise<ValidationIssue[]> {
    return this.call('notifiers', id, $provideNotifierValidate, (handle) => ({ handle, config }));
  }

  /** Hands audit entries to the sink, as the kernel does (throwing means: offer them again later). */
  deliverAuditEntries(id: string, entries: AuditEntryDto[], config: JsonObject = {}, secrets: Record<string, string> = {}): Promise<void> {
    return this.call('auditSinks', id, $deliverAuditEntries, (handle) => ({ handle, entries, config, secrets }));
  }

  /** Runs one of the plugin's commands (what the command palette and `POST /commands/<id>` do). */
  executeCommand(id: string, ...args: JsonValue[]): Promise<JsonValue> {
    return this.call('commands', id, $executeHostCommand, (handle) => ({ handle, args }));
  }

  /** Children of a tree element (the roots without `elementId`), as the UI would request them. */
  getViewChildren(viewId: string, elementId?: string): Promise<TestTreeNode[]> {
    return this.call('views', viewId, $provideTreeChildren, (handle) => ({ handle, elementId }));
  }

  /** Stops the host process (by pid) and waits until it is gone. */
  async dispose(): Promise<void> {
    this.rpc.dispose();
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGTERM');
      await this.exited;
    }
    const ownedTempDir = ownedTempDirs.get(this);
    if (ownedTempDir) rmSync(ownedTempDir, { recursive: true, force: true });
  }

  /** `id` as the manifest declares it (short) or in full (`publisher.name`). */
  private async call<P, R>(point: ProviderPoint, declaredId: string, type: RequestType<P, R, void>, params: (handle: number) => P): Promise<R> {
    const id = qualifiedContributionId(this.manifest.publisher, declaredId);
    const results = await this.activateByEvent(pointEvent(point, id));
    const failed = results.find((r) => r.state === 'failed');
    if (failed) throw new PluginTestError(failed.error ?? `${failed.pluginId} failed to activate`);
    const handle = this.handles.get(`${point}:${id}`);
    if (handle === undefined) {
      throw new PluginTestError(`${this.pluginId} did not register ${point} "${id}" when activated by ${pointEvent(point, id)}`);
    }
    try {
      return await this.whileHostRuns(`${point} "${id}"`, () => this.rpc.sendRequest(type, params(handle)));
    } catch (error) {
      if (error instanceof PluginTestError) throw error;
      const kind = error instanceof ResponseError ? (error.data as ProviderErrorData | undefined)?.kind : undefined;
      throw new PluginTestError((error as Error).message, kind);
    }
  }

  /** A request the plugin took the host down in fails saying so, instead of with the connection's own words (or never). */
  private async whileHostRuns<R>(what: string, request: () => Promise<R>): Promise<R> {
    try {
      return await request();
    } catch (error) {
      if (this.ended) throw new PluginTestError(`${this.ended} during ${what} of ${this.pluginId}`);
      throw error;
    }
  }
}
