import { inject, injectable } from 'inversify';
import { NotFoundError } from '../core/errors.js';
import { ProviderUnavailableError } from './plugin-errors.js';
import { ContributionRegistry, displayId, type Contributed, type EntryOf, type ListPoint } from './contribution-registry.js';
import { PluginServiceImpl } from './plugin-service-impl.js';
import type { PluginStatus } from './plugin-service.js';

/** What each contribution point calls one of its entries, in messages. */
export const contributionNoun: Readonly<Record<ListPoint, string>> = {
  backends: 'backend', reportFormats: 'report format', policyRules: 'policy rule',
  notifiers: 'notifier', auditSinks: 'audit sink', commands: 'command', views: 'view',
};

/** The state of the plugin behind an unusable contribution, in the words of `plugins list` (`missing`: none declares it). */
export type UnavailableState = 'failed' | 'disabled' | 'rejected' | 'missing';

export type Availability<P extends ListPoint> =
  | { readonly available: true; readonly contributed: Contributed<EntryOf<P>> }
  | {
    readonly available: false;
    /** The full id. */
    readonly id: string;
    readonly pluginId?: string;
    readonly state: UnavailableState;
    /** Why, and what to do: `plugin acme.rclone is disabled (enable it with: timelocker plugin enable acme.rclone)`. */
    readonly reason: string;
  };

/** Failed, or activating again after a failure (the retry keeps the error until it ends). */
export function hasFailed(status: PluginStatus): boolean {
  return status.state === 'failed' || (status.state === 'activating' && status.error !== undefined);
}

/** Whether a contribution id can be used, and if not, which plugin is behind it and why it cannot. */
@injectable()
export class ContributionAvailability {
  constructor(
    @inject(ContributionRegistry) private readonly contributions: ContributionRegistry,
    @inject(PluginServiceImpl) private readonly plugins: PluginServiceImpl,
  ) {}

  /**
   * For an id the user just typed (`--format`, `--backend`): the contribution, whatever its plugin's last activation
   * did (using it will tell); a typo is a NotFoundError listing what exists; a disabled or rejected plugin's id is a
   * ProviderUnavailableError naming the plugin.
   */
  require<P extends ListPoint>(point: P, id: string): Contributed<EntryOf<P>> {
    const contributed = this.contributions.find(point, id);
    if (contributed) return contributed;
    const inactive = this.inactive(point, id);
    if (inactive) throw inactive;
    const noun = contributionNoun[point];
    const known = this.contributions.get(point).map(displayId);
    throw new NotFoundError(`Unknown ${noun} "${id}". Available: ${known.join(', ') || `none (no ${noun} plugin is installed)`}.`);
  }

  /** For an id no loaded plugin contributes: the error naming the disabled or rejected plugin that declares it, if any. */
  inactive(point: ListPoint, id: string): ProviderUnavailableError | undefined {
    const found = this.check(point, id);
    if (found.available || found.state === 'missing') return undefined;
    return new ProviderUnavailableError(`${contributionNoun[point]} "${found.id}" is unavailable: ${found.reason}`, found.pluginId, found.state);
  }

  /**
   * A contribution of a plugin whose (last) activation failed is unavailable too, with the plugin's error; so is one
   * whose plugin is being activated again after such a failure, until that retry succeeds.
   */
  check<P extends ListPoint>(point: P, id: string): Availability<P> {
    const contributed = this.contributions.find(point, id);
    if (contributed) {
      const status = this.plugins.status(contributed.pluginId);
      if (!status || !hasFailed(status)) return { available: true, contributed };
      const when = status.failedAt ? ` at ${status.failedAt}` : '';
      return {
        available: false, id: contributed.entry.id, pluginId: contributed.pluginId, state: 'failed',
        reason: `plugin ${contributed.pluginId} failed to activate${when}: ${status.error ?? 'unknown error'} (see: timelocker plugins list)`,
      };
    }
    const absence = this.contributions.absence(point, id);
    if (absence.reason === 'missing') {
      const known = this.contributions.get(point).map(displayId);
      return {
        available: false, id: absence.id, state: 'missing',
        reason: `no installed plugin contributes it (installed ${contributionNoun[point]}s: ${known.join(', ') || 'none'})`,
      };
    }
    const reason = absence.reason === 'disabled'
      ? `plugin ${absence.pluginId} is disabled (enable it with: timelocker plugin enable ${absence.pluginId})`
      : `plugin ${absence.pluginId} was not loaded: ${absence.messages.join('; ')}`;
    return { available: false, id: absence.id, pluginId: absence.pluginId, state: absence.reason, reason };
  }
}
