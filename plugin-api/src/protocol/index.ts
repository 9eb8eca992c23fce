/**
 * Kernel <-> plugin host wire protocol. Internal: plugins must not import it; it may change in any release.
 * Payloads are plain JSON DTOs; providers are referenced by numeric handle; methods start with `$`.
 */
import { NotificationType, RequestType } from 'vscode-jsonrpc';
import type {
  AuditEntryDto, ConnectionTestResult, JobDto, JobFilter, JsonObject, JsonValue, MessageSeverity, NotificationDto, PlanDto,
  PolicyContextDto, PolicyViolationDto, ReportDataDto, RepositoryDto, ResticLocation, SnapshotDto, TreeItemDto,
  ValidationIssue,
} from '../dto.js';
import type { ErrorKind } from '../errors.js';
import type { PluginManifest } from '../manifest/types.js';

export { changedSettingPaths } from './configuration-changes.js';
export { TimeLimitError, withTimeLimit } from './time-limit.js';

export interface PluginDescriptionDto {
  readonly id: string;
  /** Absolute plugin folder. */
  readonly path: string;
  /** Absolute path of the main module, if the plugin has code. */
  readonly main?: string;
  /** The validated manifest: contribution entries that failed validation are already removed. */
  readonly manifest: PluginManifest;
  readonly activationEvents: readonly string[];
  /** `<data-dir>/plugin-data/<id>`: the plugin's own folder for state (created on first use by the plugin). */
  readonly storagePath: string;
  /** Changes whenever the plugin's files change (upgrade, rebuild): the host then loads its code afresh. */
  readonly revision?: string;
}

export interface InitializeParams {
  readonly apiVersion: string;
  readonly plugins: readonly PluginDescriptionDto[];
  readonly activationTimeoutMs: number;
  /**
   * Activate one plugin at a time (after a host crashed while several activated): a crash then names its plugin.
   * A plugin is reported `activating` only while its own code runs, not while it waits for its dependencies.
   */
  readonly oneAtATime?: boolean;
}

export type ActivationState = 'active' | 'failed';

/** What the host reports about one plugin: activation began, ended, or the plugin was deactivated. */
export type HostPluginState = 'activating' | ActivationState | 'inactive';

/** Result of `$updatePlugins`: the plugins the host deactivated (changed, removed, or depending on one of those). */
export interface PluginsUpdatedDto {
  readonly deactivated: readonly string[];
}

/** Settings of every plugin (`plugins.<id>` in the config) and the dotted paths that changed since the last push. */
export interface ConfigurationDto {
  readonly settings: Readonly<Record<string, JsonObject>>;
  /** e.g. `acme.rclone.remote`; on the first push every plugin id. */
  readonly changed: readonly string[];
}

export interface ActivationResultDto {
  readonly pluginId: string;
  readonly state: ActivationState;
  readonly error?: string;
  readonly activationMs?: number;
}

/** Contribution points whose implementations are registered at activation. */
export type ProviderPoint = 'backends' | 'reportFormats' | 'policyRules' | 'notifiers' | 'auditSinks' | 'commands' | 'views';

export interface ProviderRegistrationDto {
  readonly handle: number;
  readonly pluginId: string;
  readonly point: ProviderPoint;
  readonly id: string;
  /** Optional provider methods the implementation has, e.g. `validate`, `testConnection`. */
  readonly capabilities: readonly string[];
}

export interface TreeNodeDto {
  /** Opaque element id, valid until the next root request of the view. */
  readonly elementId: string;
  readonly item: TreeItemDto;
}

/** Rendered report output; binary output travels base64-encoded. */
export type RenderedReportDto = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'binary'; readonly base64: string };

export type PluginLogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface PluginErrorDto {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
}

/** JSON-RPC error code of a provider call that stopped because its token fired (LSP's RequestCancelled). */
export const REQUEST_CANCELLED = -32800;
/** JSON-RPC error code of a provider call whose plugin code threw. */
export const PROVIDER_FAILED = -32050;

/** Structured data of an error response from the host: which plugin failed and how. */
export interface ProviderErrorData {
  readonly pluginId: string;
  readonly name: string;
  /** The `kind` of a TimeLockerError the plugin (or the host on its behalf) threw; the kernel decides what it honours. */
  readonly kind?: ErrorKind;
}

/** `$provideBackendResolve`'s answer: the backend's issues (when asked to validate) and, unless one is an error, the location. */
export interface BackendResolutionDto {
  readonly issues: ValidationIssue[];
  readonly location?: ResticLocation;
}

/** One rule of a `$evaluatePolicies` batch: the rule's handle and the policy entry's options. */
export interface PolicyRuleInvocationDto {
  readonly handle: number;
  readonly options: JsonObject;
}

/** How one rule of a batch went: its findings, its error response (as if it had been called alone), or no answer in time. */
export type PolicyRuleOutcomeDto =
  | { readonly violations: PolicyViolationDto[] }
  | { readonly error: { readonly code: number; readonly message: string; readonly data?: ProviderErrorData } }
  | { readonly timedOut: true };

type Req<P, R> = RequestType<P, R, void>;
const req = <P, R>(method: string): Req<P, R> => new RequestType<P, R, void>(method);
const note = <P>(method: string): NotificationType<P> => new NotificationType<P>(method);

// Kernel -> host
export const $initialize = req<InitializeParams, void>('$initialize');
export const $activateByEvent = req<{ event: string }, ActivationResultDto[]>('$activateByEvent');
export const $provideBackendValidate = req<{ handle: number; config: JsonObject }, ValidationIssue[]>('$provideBackendValidate');
/** With `validate`, the backend's own checks run first in the same round trip, and block the resolve on an error. */
export const $provideBackendResolve = req<{ handle: number; config: JsonObject; secrets: Record<string, string>; validate?: boolean }, BackendResolutionDto>('$provideBackendResolve');
export const $provideBackendTestConnection = req<{ handle: number; config: JsonObject; secrets: Record<string, string> }, ConnectionTestResult>('$provideBackendTestConnection');
export const $executeHostCommand = req<{ handle: number; args: JsonValue[] }, JsonValue>('$executeCommand');
export const $provideTreeChildren = req<{ handle: number; elementId?: string }, TreeNodeDto[]>('$provideTreeChildren');
export const $provideTreeItem = req<{ handle: number; elementId: string }, TreeItemDto>('$provideTreeItem');
export const $renderReport = req<{ handle: number; report: ReportDataDto }, RenderedReportDto>('$renderReport');
/** Every rule for one operation in one round trip; the answer has one outcome per rule, in order. */
export const $evaluatePolicies = req<{ rules: PolicyRuleInvocationDto[]; context: PolicyContextDto; timeoutMs?: number }, PolicyRuleOutcomeDto[]>('$evaluatePolicies');
export const $sendNotification = req<{ handle: number; notification: NotificationDto; config: JsonObject; secrets: Record<string, string> }, void>('$sendNotification');
export const $provideNotifierValidate = req<{ handle: number; config: JsonObject }, ValidationIssue[]>('$provideNotifierValidate');
export const $deliverAuditEntries = req<{ handle: number; entries: AuditEntryDto[]; config: JsonObject; secrets: Record<string, string> }, void>('$deliverAuditEntries');
export const $acceptJobFinished = note<{ job: JobDto }>('$acceptJobFinished');
/** Replaces the plugin list: removed and changed plugins (and their dependants) are deactivated; nothing is activated. */
export const $updatePlugins = req<{ plugins: readonly PluginDescriptionDto[] }, PluginsUpdatedDto>('$updatePlugins');
/** Deactivates every plugin (dependants first) before the kernel ends the host. */
export const $deactivateAll = req<Record<string, never>, void>('$deactivateAll');
export const $acceptConfiguration = note<ConfigurationDto>('$acceptConfiguration');
/** Environment variables that hold secrets (named by the config's secret sources): the host drops them before plugins see them. */
export const $withholdEnvironment = note<{ names: readonly string[] }>('$withholdEnvironment');

// Host -> kernel
export const $registerProvider = note<ProviderRegistrationDto>('$registerProvider');
export const $unregisterProvider = note<{ handle: number }>('$unregisterProvider');
export const $treeDataChanged = note<{ handle: number; elementId?: string }>('$treeDataChanged');
export const $showMessage = req<{ pluginId: string; severity: MessageSeverity; message: string }, void>('$showMessage');
export const $log = note<{ pluginId?: string; level: PluginLogLevel; message: string }>('$log');
export const $pluginStateChanged = note<{ pluginId: string; state: HostPluginState; error?: string; activationMs?: number }>('$pluginStateChanged');
export const $pluginError = note<{ pluginId: string; error: PluginErrorDto }>('$pluginError');
export const $secretsGet = req<{ pluginId: string; key: string }, string | null>('$secretsGet');
export const $secretsStore = req<{ pluginId: string; key: string; value: string }, void>('$secretsStore');
export const $secretsDelete = req<{ pluginId: string; key: string }, void>('$secretsDelete');
export const $workspaceGetRepositories = req<{ pluginId: string }, RepositoryDto[]>('$workspaceGetRepositories');
export const $workspaceGetPlans = req<{ pluginId: string }, PlanDto[]>('$workspaceGetPlans');
export const $workspaceGetSnapshots = req<{ pluginId: string; repository: string }, SnapshotDto[]>('$workspaceGetSnapshots');
export const $workspaceGetJobs = req<{ pluginId: string; filter?: JobFilter }, JobDto[]>('$workspaceGetJobs');
/** A plugin executes a command by id; the kernel routes it to whichever side owns it. */
export const $executeCommand = req<{ pluginId: string; id: string; args: JsonValue[] }, JsonValue>('$executeCommand');
export const $getCommands = req<{ pluginId: string }, string[]>('$getCommands');
