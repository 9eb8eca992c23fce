import { EventEmitter, type Event } from '@timelocker/plugin-api';
import type { PluginState, PluginStatus } from './plugin-service.js';
import type { ScannedPlugin } from './plugin-scanner.js';

const MAX_MESSAGES = 20;

/** Per-plugin state as the kernel knows it; every change is announced. */
export class PluginStatuses {
  private readonly byId = new Map<string, PluginStatus>();
  private readonly changed = new EventEmitter<PluginStatus>();
  readonly onDidChange: Event<PluginStatus> = this.changed.event;

  constructor(plugins: readonly ScannedPlugin[]) {
    for (const p of plugins) {
      // A rejected duplicate shares its id with the loaded plugin; the loaded one is what callers ask about.
      if (p.rejected && this.byId.has(p.id)) continue;
      this.byId.set(p.id, {
        id: p.id, version: p.version, path: p.path, builtin: p.builtin,
        state: p.rejected ? 'rejected' : 'inactive', messages: p.messages, ...(p.disabled ? { disabled: true } : {}),
      });
    }
    this.rejectedDuplicates = plugins.filter((p) => p.rejected && this.byId.get(p.id)?.path !== p.path);
  }

  private readonly rejectedDuplicates: readonly ScannedPlugin[];

  list(): PluginStatus[] {
    const duplicates: PluginStatus[] = this.rejectedDuplicates.map((p) => ({
      id: p.id, version: p.version, path: p.path, builtin: p.builtin, state: 'rejected', messages: p.messages,
    }));
    return [...this.byId.values(), ...duplicates];
  }

  get(id: string): PluginStatus | undefined {
    return this.byId.get(id);
  }

  update(id: string, change: { state?: PluginState; error?: string; activationMs?: number; message?: string }): void {
    const current = this.byId.get(id);
    if (!current || current.state === 'rejected') return;
    const state = change.state ?? current.state;
    const next: PluginStatus = {
      ...current,
      state,
      error: change.error ?? (state === 'failed' ? current.error : change.state ? undefined : current.error),
      activationMs: change.activationMs ?? current.activationMs,
      messages: change.message ? [...current.messages, change.message].slice(-MAX_MESSAGES) : current.messages,
    };
    this.byId.set(id, next);
    this.changed.fire(next);
  }

  /** Plugins that may run code (not rejected). */
  loadable(): PluginStatus[] {
    return [...this.byId.values()].filter((s) => s.state !== 'rejected');
  }
}
