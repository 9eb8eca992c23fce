import { EventEmitter, type Event } from '@timelocker/plugin-api';
import { listContributionPoints } from '@timelocker/plugin-api/manifest';
import type { ActivationFailure } from './plugin-activation-records.js';
import type { PluginState, PluginStatus } from './plugin-service.js';
import type { ScannedPlugin } from './plugin-scanner.js';

const MAX_MESSAGES = 20;

function contributionsOf(plugin: ScannedPlugin): PluginStatus['contributions'] {
  const contributes = plugin.manifest?.contributes;
  const result: Record<string, string[]> = {};
  for (const point of listContributionPoints) {
    const ids = (contributes?.[point] ?? []).map((e) => e.id);
    if (ids.length > 0) result[point] = ids;
  }
  if (contributes?.configuration) result['configuration'] = Object.keys(contributes.configuration.properties);
  return result;
}

function initialStatus(plugin: ScannedPlugin, failure: ActivationFailure | undefined): PluginStatus {
  const state: PluginState = plugin.disabled ? 'disabled' : plugin.rejected ? 'rejected' : failure ? 'failed' : 'inactive';
  const manifest = plugin.manifest;
  return {
    id: plugin.id, version: plugin.version, path: plugin.path, builtin: plugin.builtin, state, messages: plugin.messages,
    contributions: contributionsOf(plugin),
    ...(manifest?.displayName ? { displayName: manifest.displayName } : {}),
    ...(manifest?.description ? { description: manifest.description } : {}),
    ...(manifest?.dependsOn?.length ? { dependsOn: manifest.dependsOn } : {}),
    ...(state === 'failed' && failure ? { error: failure.error, failedAt: failure.at } : {}),
  };
}

const settled = (state: PluginState): boolean => state === 'disabled' || state === 'rejected';

export interface StatusChange {
  readonly state?: PluginState;
  readonly error?: string;
  readonly activationMs?: number;
  readonly message?: string;
}

/** Per-plugin state as the kernel knows it; every change is announced. */
export class PluginStatuses {
  private readonly byId = new Map<string, PluginStatus>();
  private readonly rejectedDuplicates: readonly PluginStatus[];
  private readonly changed = new EventEmitter<PluginStatus>();
  readonly onDidChange: Event<PluginStatus> = this.changed.event;

  /**
   * `previous` carries the run-time state of plugins whose code did not change over a reload; `failure` gives the
   * failure another process (or an earlier run) recorded.
   */
  constructor(
    plugins: readonly ScannedPlugin[],
    failure: (plugin: ScannedPlugin) => ActivationFailure | undefined,
    previous?: { readonly statuses: PluginStatuses; readonly unchanged: ReadonlySet<string> },
  ) {
    const duplicates: PluginStatus[] = [];
    for (const p of plugins) {
      // A rejected duplicate shares its id with the loaded plugin; the loaded one is what callers ask about.
      if (this.byId.has(p.id)) {
        duplicates.push(initialStatus(p, undefined));
        continue;
      }
      const before = previous?.unchanged.has(p.id) ? previous.statuses.get(p.id) : undefined;
      const fresh = initialStatus(p, p.rejected ? undefined : failure(p));
      this.byId.set(p.id, before && !settled(fresh.state) && !settled(before.state) ? { ...fresh, ...pick(before) } : fresh);
    }
    this.rejectedDuplicates = duplicates;
  }

  list(): PluginStatus[] {
    return [...this.byId.values(), ...this.rejectedDuplicates];
  }

  get(id: string): PluginStatus | undefined {
    return this.byId.get(id);
  }

  update(id: string, change: StatusChange): void {
    const current = this.byId.get(id);
    if (!current || settled(current.state)) return;
    const state = change.state ?? current.state;
    // A retry of a failed activation keeps the failure until it ends: the plugin stays unavailable meanwhile.
    const failed = state === 'failed' || (state === 'activating' && current.error !== undefined);
    const error = failed ? change.error ?? current.error : change.state ? undefined : current.error;
    const failedAt = failed ? (change.state === 'failed' ? new Date().toISOString() : current.failedAt) : undefined;
    const activationMs = change.activationMs ?? current.activationMs;
    const { error: _e, failedAt: _f, activationMs: _a, ...rest } = current;
    const next: PluginStatus = {
      ...rest,
      state,
      ...(error !== undefined ? { error } : {}),
      ...(failedAt !== undefined ? { failedAt } : {}),
      ...(activationMs !== undefined ? { activationMs } : {}),
      messages: change.message ? [...current.messages, change.message].slice(-MAX_MESSAGES) : current.messages,
    };
    this.byId.set(id, next);
    this.changed.fire(next);
  }

  /** Plugins that may run code (neither rejected nor disabled). */
  loadable(): PluginStatus[] {
    return [...this.byId.values()].filter((s) => !settled(s.state));
  }
}

/** The run-time part of a status. */
function pick(status: PluginStatus): Partial<PluginStatus> {
  const { state, error, failedAt, activationMs, messages } = status;
  return { state, messages, ...(error !== undefined ? { error } : {}), ...(failedAt ? { failedAt } : {}), ...(activationMs !== undefined ? { activationMs } : {}) };
}
