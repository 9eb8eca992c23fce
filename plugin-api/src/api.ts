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

/** Turns a repository's config into a restic location. Registered with `api.backends.register`. */
export interface BackendProvider {
  /**
   * Extra checks beyond the JSON schema (e.g. the parent folder exists, the rclone remote is configured).
   * Called by `repo add`, before every operation and by `timelocker config validate` (with a time limit).
   */
  validate?(config: JsonObject, token: CancellationToken): ValidationIssue[] | Thenable<ValidationIssue[]>;
  /** Where and how restic reaches the repository. Secrets belong in `env`, never in `flags`. */
  resolve(config: JsonObject, secrets: SecretValues, token: CancellationToken): ResticLocation | Thenable<ResticLocation>;
  /** Reaches the storage without restic (`repo add`, `repo test`) and says what is wrong in the user's words. */
  testConnection?(config: JsonObject, secrets: SecretValues, token: CancellationToken): Thenable<ConnectionTestResult>;
}

/** Renders report data in one output format. Registered with `api.reports.registerFormat`. */
export interface ReportFormatProvider {
  /** Text formats return a string, binary ones (PDF) bytes. */
  render(report: ReportDataDto, token: CancellationToken): Thenable<string | Uint8Array>;
}

/** Checks an operation against a policy. Registered with `api.policies.registerRule`. */
export interface PolicyRule {
  /** Findings for the operation; none means it complies. Must answer within 5 s. */
  evaluate(context: PolicyContextDto, options: JsonObject, token: CancellationToken): Thenable<PolicyViolationDto[]>;
}

/** Delivers notifications of one notifier type. Registered with `api.notifiers.register`. */
export interface Notifier {
  /** Delivers one notification; must honour `token` (TimeLocker gives up after 30 s). */
  send(notification: NotificationDto, config: JsonObject, secrets: SecretValues, token: CancellationToken): Thenable<void>;
  /** Extra checks of a notifier entry beyond its JSON schema; run by `timelocker config validate` (with a time limit). */
  validate?(config: JsonObject, token: CancellationToken): ValidationIssue[] | Thenable<ValidationIssue[]>;
}

/** Forwards audit entries to an outside system (a SIEM, a log collector). Registered with `api.auditSinks.register`. */
export interface AuditSink {
  /**
   * Delivers `entries` (oldest first) and resolves once the receiver has taken them; throwing leaves them queued,
   * and the kernel offers them again, in the same order, later.
   */
  deliver(entries: readonly AuditEntryDto[], config: JsonObject, secrets: SecretValues, token: CancellationToken): Thenable<void>;
}

/** Supplies the tree of a contributed view; elements are the plugin's own objects. */
export interface TreeDataProvider<T> {
  /** Fire with an element (or `undefined` for the whole tree) to make the UI ask again. */
  readonly onDidChangeTreeData?: Event<T | undefined>;
  /** Children of `element`, or the roots when it is `undefined`. */
  getChildren(element: T | undefined, token: CancellationToken): T[] | Thenable<T[]>;
  /** How one element is shown. */
  getTreeItem(element: T): TreeItemDto | Thenable<TreeItemDto>;
}

/** `api.backends`. */
export interface BackendsApi {
  /** Registers the provider of a backend the manifest declares in `contributes.backends` (short or full id). */
  register(id: string, provider: BackendProvider): Disposable;
}
/** `api.reports`. */
export interface ReportsApi {
  /** Registers the renderer of a format the manifest declares in `contributes.reportFormats`. */
  registerFormat(id: string, provider: ReportFormatProvider): Disposable;
}
/** `api.policies`. */
export interface PoliciesApi {
  /** Registers a rule the manifest declares in `contributes.policyRules`. */
  registerRule(id: string, rule: PolicyRule): Disposable;
}
/** `api.notifiers`. */
export interface NotifiersApi {
  /** Registers a notifier type the manifest declares in `contributes.notifiers`. */
  register(id: string, notifier: Notifier): Disposable;
}
/** `api.auditSinks`. */
export interface AuditSinksApi {
  /** Registers a sink the manifest declares in `contributes.auditSinks`. */
  register(id: string, sink: AuditSink): Disposable;
}
/** `api.commands`. */
export interface CommandsApi {
  /** Registers the handler of a command the manifest declares in `contributes.commands`; arguments and result are JSON. */
  register(id: string, handler: (...args: JsonValue[]) => unknown): Disposable;
  /** Runs a command of TimeLocker or of any plugin (activating it first). */
  execute<T = unknown>(id: string, ...args: JsonValue[]): Thenable<T>;
  /** Ids of every command TimeLocker and the plugins offer. */
  getCommands(): Thenable<string[]>;
}
/** `api.views`. */
export interface ViewsApi {
  /** Registers the data of a view the manifest declares in `contributes.views`. */
  registerDataProvider<T>(viewId: string, provider: TreeDataProvider<T>): Disposable;
}

/**
 * Per-plugin secret storage in the OS keyring; keys are private to the plugin. Where no keyring is available (no
 * Secret Service, or a locked one) every method rejects with a `TimeLockerError` of kind `unavailable` that says why.
 */
export interface SecretStorage {
  /** The stored value, or `undefined`. */
  get(key: string): Thenable<string | undefined>;
  /** Stores (or replaces) a value. */
  store(key: string, value: string): Thenable<void>;
  /** Removes a value; removing a missing key is not an error. */
  delete(key: string): Thenable<void>;
}

/**
 * A plugin's settings (`plugins.<pluginId>` in timelocker.json), validated by the schema in the manifest's
 * `contributes.configuration`. A snapshot: call `getConfiguration` again after `onDidChangeConfiguration`.
 */
export interface Configuration {
  /** The value at `key` (a dotted path inside the section), else the schema's `default`, else `undefined`. */
  get<T extends JsonValue>(key: string): T | undefined;
  /** The value at `key`, else the schema's `default`, else `defaultValue`. */
  get<T extends JsonValue>(key: string, defaultValue: T): T;
  /** Whether the user set `key` or the schema gives it a default. */
  has(key: string): boolean;
}

/** Which settings changed. */
export interface ConfigurationChangeEvent {
  /** True when a setting at or under `section` (e.g. `acme.rclone` or `acme.rclone.remote`) changed. */
  affectsConfiguration(section: string): boolean;
}

/** Read-only view of the workspace: what is configured and what happened. */
export interface WorkspaceApi {
  /** Repositories from the config file, without secret sources. */
  getRepositories(): Thenable<RepositoryDto[]>;
  /** Backup plans from the config file. */
  getPlans(): Thenable<PlanDto[]>;
  /**
   * Snapshots from TimeLocker's snapshot **cache**: what it last listed from the repository (`timelocker snapshots`,
   * the Snapshots view, forget). It can lag behind: a backup that just finished is not in it until the next listing;
   * take the new snapshot's id from the finished job (`onDidFinishJob`, `summary.snapshotId`).
   */
  getSnapshots(repository: string): Thenable<SnapshotDto[]>;
  /** Jobs from the job history, newest first. */
  getJobs(filter?: JobFilter): Thenable<JobDto[]>;
  /** Fired when a job of any kind finishes (succeeded, failed, cancelled…). */
  readonly onDidFinishJob: Event<JobDto>;
  /**
   * The plugin's own settings, or a part of them: `getConfiguration()` is `plugins.<pluginId>`,
   * `getConfiguration('<pluginId>.retries')` its `retries` object. Another plugin's settings cannot be read.
   */
  getConfiguration(section?: string): Configuration;
  /** Fired after the plugin's settings changed (the config file was saved by anyone). */
  readonly onDidChangeConfiguration: Event<ConfigurationChangeEvent>;
}

/** `api.window`. */
export interface WindowApi {
  /** Shows a message to the user (a toast in the UI, a log line in the CLI). */
  showMessage(severity: MessageSeverity, message: string): Thenable<void>;
}

/** Writes to TimeLocker's log under `plugin:<pluginId>`; secrets are masked. */
export interface Logger {
  /** Detail for debugging. */
  debug(message: string, ...args: JsonValue[]): void;
  /** Normal operation. */
  info(message: string, ...args: JsonValue[]): void;
  /** Something the user may want to look at. */
  warn(message: string, ...args: JsonValue[]): void;
  /** A failure; an Error is logged with its stack. */
  error(message: string | Error, ...args: JsonValue[]): void;
}

/** The object a plugin receives in `activate`; one frozen instance per plugin. */
export interface TimeLockerApi {
  /** `API_VERSION` of the TimeLocker running the plugin. */
  readonly version: string;
  /** Storage backends. */
  readonly backends: BackendsApi;
  /** Report formats. */
  readonly reports: ReportsApi;
  /** Policy rules. */
  readonly policies: PoliciesApi;
  /** Notifier types. */
  readonly notifiers: NotifiersApi;
  /** Audit sinks. */
  readonly auditSinks: AuditSinksApi;
  /** Commands. */
  readonly commands: CommandsApi;
  /** Tree views. */
  readonly views: ViewsApi;
  /** The plugin's secrets in the OS keyring. */
  readonly secrets: SecretStorage;
  /** Config, snapshots, jobs and the plugin's settings. */
  readonly workspace: WorkspaceApi;
  /** Messages to the user. */
  readonly window: WindowApi;
  /** The plugin's log. */
  readonly logger: Logger;
}

/** What `activate` gets besides the API: who the plugin is and what to clean up. */
export interface PluginContext {
  /** `publisher.name` from the manifest. */
  readonly pluginId: string;
  /** Absolute folder of the plugin. */
  readonly pluginPath: string;
  /** A folder private to this plugin for state such as known_hosts files; may not exist yet. */
  readonly storagePath: string;
  /**
   * Disposed (last added first) when the plugin is deactivated: disabled, uninstalled, reloaded or when TimeLocker
   * stops. Push every `Disposable` the API returns here.
   */
  readonly subscriptions: {
    /** Releases what was registered. */
    dispose(): unknown;
  }[];
}

/** A plugin's `main` module exports `activate` and optionally `deactivate`. */
export interface PluginModule {
  /** Called once, on the first activation event the plugin listens to; register providers here. */
  activate(api: TimeLockerApi, context: PluginContext): void | Promise<void>;
  /** Called before the plugin is unloaded (disable, uninstall, reload, shutdown); may take up to 5 s. */
  deactivate?(): void | Promise<void>;
}
