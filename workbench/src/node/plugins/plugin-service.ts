import type { Event } from '@timelocker/plugin-api';
import type { PluginStatusDto } from '../../common/plugin-status-dto.js';
import type { ListPoint } from './contribution-registry.js';

export type { PluginState } from '../../common/plugin-status-dto.js';

export const PluginService = Symbol('PluginService');

/** What `plugins list`, REST and the UI show of a plugin, with the contribution points this kernel knows. */
export type PluginStatus = PluginStatusDto<ListPoint | 'configuration'>;

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
