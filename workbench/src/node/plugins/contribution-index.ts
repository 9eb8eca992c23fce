import { listContributionPoints } from '@timelocker/plugin-api/manifest';
import type { ContributionAbsence, Contributed, EntryOf, ListPoint } from './contribution-registry.js';
import type { ScannedPlugin } from './plugin-scanner.js';

type AnyEntry = EntryOf<ListPoint>;

/** Builtin short ids that name exactly one builtin contribution of a point, and no full id: alias → full id. */
function builtinAliases(plugins: readonly ScannedPlugin[], point: ListPoint): Map<string, string> {
  const fullIds = new Set(plugins.flatMap((p) => (p.manifest?.contributes?.[point] ?? []).map((e) => e.id)));
  const candidates = new Map<string, string[]>();
  for (const plugin of plugins.filter((p) => p.builtin)) {
    for (const [full, short] of Object.entries(plugin.shortIds?.[point] ?? {})) {
      if (short !== full) candidates.set(short, [...(candidates.get(short) ?? []), full]);
    }
  }
  return new Map([...candidates].filter(([short, fulls]) => fulls.length === 1 && !fullIds.has(short)).map(([short, [full]]) => [short, full!]));
}

/** Every contribution id of a scan, full ids and builtin aliases, with the plugin behind it and whether it is usable. */
export class ContributionIndex {
  private readonly aliases = new Map<ListPoint, Map<string, string>>();
  private readonly usable = new Map<ListPoint, Contributed<AnyEntry>[]>();

  constructor(private readonly plugins: readonly ScannedPlugin[]) {
    const withManifest = plugins.filter((p) => p.manifest);
    for (const point of listContributionPoints) {
      const aliases = builtinAliases(withManifest, point);
      this.aliases.set(point, aliases);
      const aliasesOf = (id: string): string[] => [...aliases].filter(([, full]) => full === id).map(([short]) => short);
      this.usable.set(point, plugins.filter((p) => !p.rejected).flatMap((plugin) =>
        (plugin.manifest?.contributes?.[point] ?? []).map((entry: AnyEntry) => ({ pluginId: plugin.id, entry, aliases: aliasesOf(entry.id) }))));
    }
  }

  accepted<P extends ListPoint>(point: P): ReadonlyArray<Contributed<EntryOf<P>>> {
    return this.usable.get(point) as Contributed<EntryOf<P>>[];
  }

  /** The full id an id or alias stands for. */
  fullId(point: ListPoint, id: string): string {
    return this.aliases.get(point)?.get(id) ?? id;
  }

  find<P extends ListPoint>(point: P, id: string): Contributed<EntryOf<P>> | undefined {
    const full = this.fullId(point, id);
    return this.accepted(point).find((c) => c.entry.id === full);
  }

  absence(point: ListPoint, id: string): ContributionAbsence {
    const full = this.fullId(point, id);
    const owner = this.plugins.find((p) => p.rejected && (p.manifest?.contributes?.[point] ?? []).some((e) => e.id === full));
    if (!owner) return { reason: 'missing', id: full };
    return { reason: owner.disabled ? 'disabled' : 'rejected', id: full, pluginId: owner.id, messages: owner.messages };
  }
}
