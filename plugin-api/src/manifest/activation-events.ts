import { activationEventPrefix, listContributionPoints } from './contribution-schemas.js';
import { qualifiedContributionId } from './contribution-ids.js';
import type { PluginManifest } from './types.js';

/** Fired once TimeLocker has started (a long-lived workbench, not a one-off CLI command). */
export const STARTUP_FINISHED = 'onStartupFinished';
/** Matches every event; firing it activates every plugin (`timelocker plugins list --activate`). */
export const STAR = '*';

/** `publisher.name` of a manifest. */
export function pluginIdOf(manifest: Pick<PluginManifest, 'publisher' | 'name'>): string {
  return `${manifest.publisher}.${manifest.name}`;
}

const contributionEvent = new RegExp(`^(${Object.values(activationEventPrefix).join('|')}):(.+)$`);

/** `onBackend:rclone` declared by publisher `acme` is `onBackend:acme.rclone`: events name full contribution ids. */
export function qualifiedActivationEvent(event: string, publisher: string): string {
  const match = contributionEvent.exec(event);
  return match ? `${match[1]}:${qualifiedContributionId(publisher, match[2]!)}` : event;
}

/** Declared activation events plus the implicit ones derived from `contributes`, all with full contribution ids. */
export function activationEventsOf(manifest: PluginManifest): string[] {
  const events = new Set((manifest.activationEvents ?? []).map((event) => qualifiedActivationEvent(event, manifest.publisher)));
  for (const point of listContributionPoints) {
    for (const contribution of manifest.contributes?.[point] ?? []) {
      events.add(`${activationEventPrefix[point]}:${qualifiedContributionId(manifest.publisher, contribution.id)}`);
    }
  }
  return [...events];
}

/** A plugin listening to `*` activates on any event; firing `*` activates every plugin (`plugins list --activate`). */
export function matchesActivationEvent(events: readonly string[], event: string): boolean {
  return event === STAR || events.includes(STAR) || events.includes(event);
}
