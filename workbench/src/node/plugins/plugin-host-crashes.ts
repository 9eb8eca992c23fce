import type { Logger } from '../core/log-service.js';
import type { PluginActivationRecords } from './plugin-activation-records.js';
import type { defaultPluginHostOptions } from './plugin-host-options.js';
import type { PluginStatuses } from './plugin-statuses.js';

/**
 * What the kernel learns from plugin hosts that end unexpectedly: which plugin to leave out of the next host, whether
 * that host must activate plugins one at a time to find out, and when to stop restarting hosts at all.
 */
export class PluginHostCrashes {
  /** Set when a host ended while several plugins activated: its successors activate one at a time to find which. */
  oneAtATime = false;
  gaveUp = false;
  restarts = 0;
  private times: number[] = [];
  private hungPlugin: string | undefined;

  constructor(
    private readonly limits: typeof defaultPluginHostOptions,
    private readonly statuses: () => PluginStatuses,
    private readonly records: PluginActivationRecords,
    private readonly logger: Logger,
  ) {}

  /** The kernel is about to end a host because `pluginId`'s `activate()` outlived the host's own time limit. */
  hung(pluginId: string): void {
    this.hungPlugin = pluginId;
    this.logger.error(`activate() of ${pluginId} did not finish within ${this.limits.activationTimeoutMs} ms and the plugin host stopped answering: ending it`);
  }

  /**
   * A host ended while `activating` were activating. Resolves when the next host may start (the plugin to leave out
   * is written down for every process); undefined when hosts crashed too often and none is started any more.
   */
  ended(activating: readonly string[]): Promise<void> | undefined {
    const blamed = this.blame(activating);
    const now = Date.now();
    this.times = [...this.times.filter((t) => now - t < this.limits.restartWindowMs), now];
    if (this.times.length > this.limits.maxRestarts) {
      this.gaveUp = true;
      const minutes = Math.round(this.limits.restartWindowMs / 60_000);
      const error = `The plugin host keeps crashing (${this.times.length} times within ${minutes} minutes); plugins stay disabled until TimeLocker is restarted or a plugin is disabled, enabled, installed or removed.`;
      this.logger.error(error);
      for (const s of this.statuses().loadable()) if (s.state !== 'failed') this.statuses().update(s.id, { state: 'failed', error });
      return undefined;
    }
    this.logger.warn(`The plugin host exited unexpectedly; restarting it (${this.times.length} of ${this.limits.maxRestarts}).`);
    this.restarts++;
    return blamed;
  }

  /** A change of plugins (often: disabling the one that crashed the host) is worth new hosts; true if it had given up. */
  retry(): boolean {
    const gaveUp = this.gaveUp;
    this.gaveUp = false;
    if (gaveUp) this.times = [];
    return gaveUp;
  }

  /**
   * The plugin that was activating alone when the host ended took it down: it is marked failed and left out of every
   * host from now on. When several were activating, the next hosts activate one at a time, so that a second crash names it.
   */
  private async blame(activating: readonly string[]): Promise<void> {
    const hung = this.hungPlugin;
    this.hungPlugin = undefined;
    if (activating.length > 1) {
      this.oneAtATime = true;
      this.logger.warn(`The plugin host ended while ${activating.join(', ')} were activating; the next one activates plugins one at a time to find which plugin ends it.`);
      return;
    }
    const [pluginId] = activating;
    const status = pluginId === undefined ? undefined : this.statuses().get(pluginId);
    if (!pluginId || !status) return;
    const cause = hung === pluginId
      ? `activate() of ${pluginId} did not finish within ${this.limits.activationTimeoutMs} ms and blocked the plugin host, which was ended`
      : `the plugin host ended while ${pluginId} was activating`;
    const error = `${cause}. The other plugins go on without it; it is not activated again until it is reinstalled or enabled again (disable it: timelocker plugin disable ${pluginId}).`;
    this.logger.error(error);
    this.statuses().update(pluginId, { state: 'failed', error });
    try {
      await this.records.recordFailure(pluginId, { version: status.version, error, at: new Date().toISOString(), endedHost: true });
    } catch (recordError) {
      this.logger.error(`Could not record that ${pluginId} ended the plugin host (it may be activated again): ${(recordError as Error).message}`);
    }
  }
}
