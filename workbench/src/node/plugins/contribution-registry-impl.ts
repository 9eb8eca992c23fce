import { EventEmitter, type Event } from '@timelocker/plugin-api';
import type { ConfigurationContribution } from '@timelocker/plugin-api/manifest';
import { inject, injectable } from 'inversify';
import { KernelOptions, userPluginsDir } from '../core/kernel-options.js';
import type { ContributionAbsence, Contributed, ContributionRegistry, EntryOf, ListPoint } from './contribution-registry.js';
import { readDisabledPluginIds } from './plugin-state-file.js';
import { ContributionIndex } from './contribution-index.js';
import { scanPlugins, type ScannedPlugin } from './plugin-scanner.js';

/** Static view of every accepted plugin's manifest: nothing is activated to answer it. */
@injectable()
export class ContributionRegistryImpl implements ContributionRegistry {
  private scanned: readonly ScannedPlugin[] | undefined;
  private index: ContributionIndex | undefined;
  private readonly changed = new EventEmitter<void>();
  readonly onDidChange: Event<void> = this.changed.event;

  constructor(@inject(KernelOptions) private readonly options: KernelOptions) {}

  /** Every scanned plugin, rejected and disabled ones included (with their messages). */
  plugins(): readonly ScannedPlugin[] {
    this.scanned ??= scanPlugins(
      this.options.builtinPluginsDir, userPluginsDir(this.options), this.options.extraPluginDirs, readDisabledPluginIds(this.options.dataDir),
    );
    return this.scanned;
  }

  /** Forgets the last scan (plugins were installed, removed, enabled or disabled) and announces the change. */
  rescan(): void {
    this.scanned = undefined;
    this.index = undefined;
    this.changed.fire();
  }

  get<P extends ListPoint>(point: P): ReadonlyArray<Contributed<EntryOf<P>>> {
    return this.contributionIndex().accepted(point);
  }

  find<P extends ListPoint>(point: P, id: string): Contributed<EntryOf<P>> | undefined {
    return this.contributionIndex().find(point, id);
  }

  absence(point: ListPoint, id: string): ContributionAbsence {
    return this.contributionIndex().absence(point, id);
  }

  configurations(): ReadonlyArray<Contributed<ConfigurationContribution>> {
    return this.plugins().filter((plugin) => !plugin.rejected).flatMap((plugin) => {
      const configuration = plugin.manifest?.contributes?.configuration;
      return configuration ? [{ pluginId: plugin.id, entry: configuration, aliases: [] }] : [];
    });
  }

  private contributionIndex(): ContributionIndex {
    this.index ??= new ContributionIndex(this.plugins());
    return this.index;
  }
}
