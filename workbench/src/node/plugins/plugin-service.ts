import type { Event } from '@timelocker/plugin-api';
import type { ListPoint } from './contribution-registry.js';

export const PluginService = Symbol('PluginService');

/**
 * One word per plugin, the same in `plugins list`, REST and the UI:
 * `inactive` (loaded, not activated yet), `activating`, `active`, `failed` (activation threw or timed out),
 * `disabled` (by the user), `rejected` (bad manifest, incompatible API, duplicate id).
 */
export type PluginState = 'inactive' | 'activating' | 'active' | 'failed' | 'disabled' | 'rejected';

export interface PluginStatus {
  readonly id: string;
  readonly version: string;
  readonly path: string;
  readonly builtin: boolean;
  readonly state: PluginState;
  readonly displayName?: string;
  readonly description?: string;
  /** Why it was rejected or disabled, dropped contribution entries, errors the plugin caused at run time. */
  readonly messages: readonly string[];
  /** The activation error, while the state is `failed` (and while a retry of that activation is `activating`). */
  readonly error?: string;
  /** When the activation failed (possibly in another TimeLocker process). */
  readonly failedAt?: string;
  readonly activationMs?: number;
  /** Full ids of what the plugin contributes, by point (`configuration` when it has settings). */
  readonly contributions: Readonly<Partial<Record<ListPoint | 'configuration', readonly string[]>>>;
  /** Plugins it needs (`dependsOn`), activated before it. */
  readonly dependsOn?: readonly string[];
}

/** The plugin host process at a glance (readiness probe, `/metrics`). */
export interface PluginHostHealth {
  /** A host process is running and serving calls. */
  readonly up: boolean;
  /** Times the host was restarted after it died, since this kernel started. */
  readonly restarts: number;
}

/** Scans plugins, runs the plugin host process and activates plugins on events. */
export interface PluginService {
  /** Spawns the host (idempotent). Scanning is static and already done by ContributionRegistry. */
  start(): Promise<void>;
  /** Deactivates every plugin (`deactivate()`, subscriptions) and ends the host. */
  stop(): Promise<void>;
  listPlugins(): PluginStatus[];
  hostHealth(): PluginHostHealth;
  /** Activates every plugin that listens to `event`; resolves when they are active or failed. */
  activateByEvent(event: string): Promise<void>;
  /** Messages plugins showed through `window.showMessage`. */
  readonly onDidShowMessage: Event<{ pluginId: string; severity: 'info' | 'warning' | 'error'; message: string }>;
  readonly onDidChangePluginState: Event<PluginStatus>;
  /**
   * Rescans the plugin folders and applies the difference to the running host: removed, disabled and changed
   * plugins (and their dependants) are deactivated; the activation events seen so far are replayed, so only they
   * (and new plugins listening to those events) activate again.
   */
  reload?(): Promise<void>;
  /** Reloads so that a changed plugin takes effect; resolves with its new status (undefined once uninstalled). */
  reloadPlugin?(id: string): Promise<PluginStatus | undefined>;
}
