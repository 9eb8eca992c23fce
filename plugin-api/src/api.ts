import type { CancellationToken } from './cancellation.js';
import type { Disposable } from './disposable.js';
import type {
  AuditEntryDto, ConnectionTestResult, JobDto, JobFilter, JsonObject, JsonValue, MessageSeverity, NotificationDto,
  PlanDto, PolicyContextDto, PolicyViolationDto, ReportDataDto, RepositoryDto, ResticLocation,
  SnapshotDto, TreeItemDto, ValidationIssue,
} from './dto.js';
import type { Event } from './event.js';

/** A promise-like result; plugins may return plain promises. */
export type Thenable<T> = PromiseLike<T>;

/** Secret values by the field names a backend or notifier declares (e.g. `password`, `secretAccessKey`). */
export type SecretValues = Readonly<Record<string, string>>;

export interface BackendProvider {
  /** Extra checks beyond the JSON schema (e.g. the parent folder exists). */
  validate?(config: JsonObject, token: CancellationToken): ValidationIssue[] | Thenable<ValidationIssue[]>;
  resolve(config: JsonObject, secrets: SecretValues, token: CancellationToken): ResticLocation | Thenable<ResticLocation>;
  testConnection?(config: JsonObject, secrets: SecretValues, token: CancellationToken): Thenable<ConnectionTestResult>;
}

export interface ReportFormatProvider {
  render(report: ReportDataDto, token: CancellationToken): Thenable<string | Uint8Array>;
}

export interface PolicyRule {
  evaluate(context: PolicyContextDto, options: JsonObject, token: CancellationToken): Thenable<PolicyViolationDto[]>;
}

export interface Notifier {
  send(notification: NotificationDto, config: JsonObject, secrets: SecretValues, token: CancellationToken): Thenable<void>;
}

/** Forwards audit entries to an outside system (a SIEM, a log collector). */
export interface AuditSink {
  /**
   * Delivers `entries` (oldest first) and resolves once the receiver has taken them; throwing leaves them queued,
   * and the kernel offers them again, in the same order, later.
   */
  deliver(entries: readonly AuditEntryDto[], config: JsonObject, secrets: SecretValues, token: CancellationToken): Thenable<void>;
}

export interface TreeDataProvider<T> {
  readonly onDidChangeTreeData?: Event<T | undefined>;
  getChildren(element: T | undefined, token: CancellationToken): T[] | Thenable<T[]>;
  getTreeItem(element: T): TreeItemDto | Thenable<TreeItemDto>;
}

export interface BackendsApi {
  register(id: string, provider: BackendProvider): Disposable;
}
export interface ReportsApi {
  registerFormat(id: string, provider: ReportFormatProvider): Disposable;
}
export interface PoliciesApi {
  registerRule(id: string, rule: PolicyRule): Disposable;
}
export interface NotifiersApi {
  register(id: string, notifier: Notifier): Disposable;
}
export interface AuditSinksApi {
  register(id: string, sink: AuditSink): Disposable;
}
export interface CommandsApi {
  register(id: string, handler: (...args: JsonValue[]) => unknown): Disposable;
  execute<T = unknown>(id: string, ...args: JsonValue[]): Thenable<T>;
  getCommands(): Thenable<string[]>;
}
export interface ViewsApi {
  registerDataProvider<T>(viewId: string, provider: TreeDataProvider<T>): Disposable;
}

/** Per-plugin secret storage in the OS keyring; keys are private to the plugin. */
export interface SecretStorage {
  get(key: string): Thenable<string | undefined>;
  store(key: string, value: string): Thenable<void>;
  delete(key: string): Thenable<void>;
}

/** Read-only view of the workspace: what is configured and what happened. */
export interface WorkspaceApi {
  getRepositories(): Thenable<RepositoryDto[]>;
  getPlans(): Thenable<PlanDto[]>;
  getSnapshots(repository: string): Thenable<SnapshotDto[]>;
  getJobs(filter?: JobFilter): Thenable<JobDto[]>;
  readonly onDidFinishJob: Event<JobDto>;
}

export interface WindowApi {
  showMessage(severity: MessageSeverity, message: string): Thenable<void>;
}

export interface Logger {
  debug(message: string, ...args: JsonValue[]): void;
  info(message: string, ...args: JsonValue[]): void;
  warn(message: string, ...args: JsonValue[]): void;
  error(message: string | Error, ...args: JsonValue[]): void;
}

/** The object a plugin receives in `activate`; one frozen instance per plugin. */
export interface TimeLockerApi {
  readonly version: string;
  readonly backends: BackendsApi;
  readonly reports: ReportsApi;
  readonly policies: PoliciesApi;
  readonly notifiers: NotifiersApi;
  readonly auditSinks: AuditSinksApi;
  readonly commands: CommandsApi;
  readonly views: ViewsApi;
  readonly secrets: SecretStorage;
  readonly workspace: WorkspaceApi;
  readonly window: WindowApi;
  readonly logger: Logger;
}

export interface PluginContext {
  /** `publisher.name` from the manifest. */
  readonly pluginId: string;
  readonly pluginPath: string;
  /** A folder private to this plugin for state such as known_hosts files; may not exist yet. */
  readonly storagePath: string;
  /** Disposed when the plugin is deactivated or unloaded. */
  readonly subscriptions: { dispose(): unknown }[];
}

/** A plugin's `main` module exports `activate` and optionally `deactivate`. */
export interface PluginModule {
  activate(api: TimeLockerApi, context: PluginContext): void | Promise<void>;
  deactivate?(): void | Promise<void>;
}
