import { activationEventPrefix, listContributionPoints } from './contribution-schemas.js';
import type { PluginManifest } from './types.js';

export const STARTUP_FINISHED = 'onStartupFinished';
export const STAR = '*';

export function pluginIdOf(manifest: Pick<PluginManifest, 'publisher' | 'name'>): string {
  return `${manifest.publisher}.${manifest.name}`;
}

/** Declared activation events plus the implicit ones derived from `contributes`. */
export function activationEventsOf(manifest: PluginManifest): string[] {
  const events = new Set(manifest.activationEvents ?? []);
  for (const point of listContributionPoints) {
    for (const contribution of manifest.contributes?.[point] ?? []) {
      events.add(`${activationEventPrefix[point]}:${contribution.id}`);
    }
  }
  return [...events];
}

/** A plugin listening to `*` activates on any event; firing `*` activates every plugin (`plugins list --activate`). */
export function matchesActivationEvent(events: readonly string[], event: string): boolean {
  return event === STAR || events.includes(STAR) || events.includes(event);
}
