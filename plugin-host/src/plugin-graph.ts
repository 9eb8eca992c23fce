import type { PluginDescriptionDto } from '@timelocker/plugin-api/protocol';

const dependenciesOf = (plugin: PluginDescriptionDto | undefined): readonly string[] => plugin?.manifest.dependsOn ?? [];

/** `ids` plus every plugin that depends on one of them, directly or not. */
export function withDependants(ids: Iterable<string>, plugins: Iterable<PluginDescriptionDto>): Set<string> {
  const all = [...plugins];
  const result = new Set(ids);
  for (let grew = true; grew;) {
    grew = false;
    for (const plugin of all) {
      if (!result.has(plugin.id) && dependenciesOf(plugin).some((d) => result.has(d))) {
        result.add(plugin.id);
        grew = true;
      }
    }
  }
  return result;
}

/** `ids` ordered so that a plugin comes after every plugin it depends on (cycles are broken, not looped). */
export function dependencyOrder(ids: Iterable<string>, byId: ReadonlyMap<string, PluginDescriptionDto>): string[] {
  const wanted = new Set(ids);
  const ordered: string[] = [];
  const visiting = new Set<string>();
  const visit = (id: string): void => {
    if (ordered.includes(id) || visiting.has(id)) return;
    visiting.add(id);
    for (const dependency of dependenciesOf(byId.get(id))) if (wanted.has(dependency)) visit(dependency);
    visiting.delete(id);
    ordered.push(id);
  };
  for (const id of wanted) visit(id);
  return ordered;
}
