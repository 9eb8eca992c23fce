import type { Event } from '@timelocker/plugin-api';

export const PluginService = Symbol('PluginService');

export type PluginState = 'inactive' | 'activating' | 'active' | 'failed' | 'rejected';

export interface PluginStatus {
  readonly id: string;
  readonly version: string;
  readonly path: string;
  readonly builtin: boolean;
  readonly state: PluginState;
  readonly messages: readonly string[];
  readonly error?: string;
  readonly activationMs?: number;
  /** Disabled by the user: listed, never loaded (state `rejected`, message `disabled`). */
  readonly disabled?: boolean;
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
  stop(): Promise<void>;
  listPlugins(): PluginStatus[];
  hostHealth(): PluginHostHealth;
  /** Activates every plugin that listens to `event`; resolves when they are active or failed. */
  activateByEvent(event: string): Promise<void>;
  /** Messages plugins showed through `window.showMessage`. */
  readonly onDidShowMessage: Event<{ pluginId: string; severity: 'info' | 'warning' | 'error'; message: string }>;
  readonly onDidChangePluginState: Event<PluginStatus>;
  /** Rescans the plugin folders and, when a host runs, replaces it (activations seen so far are replayed). */
  reload?(): Promise<void>;
  /** Reloads so that a changed plugin takes effect; resolves with its new status (undefined once uninstalled). */
  reloadPlugin?(id: string): Promise<PluginStatus | undefined>;
}
