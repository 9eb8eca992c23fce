import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, rename, rm, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import type { JsonObject } from '@timelocker/plugin-api';
import { inject, injectable, optional } from 'inversify';
import { AuditService } from '../audit/audit-service.js';
import { NotFoundError, UsageError } from '../core/errors.js';
import { KernelOptions, userPluginsDir } from '../core/kernel-options.js';
import { ContributionRegistryImpl } from '../plugins/contribution-registry-impl.js';
import { PluginActivationRecords } from '../plugins/plugin-activation-records.js';
import { PluginService, type PluginStatus } from '../plugins/plugin-service.js';
import { API_PACKAGE, checkPluginForInstall, ownDependencies } from './plugin-install-check.js';
import { PluginInstallError, type InstalledPlugin, type PluginManagementService } from './plugin-management-service.js';
import { openPluginSource } from './plugin-package-source.js';
import { readPluginState, writePluginState } from '../plugins/plugin-state-file.js';
import { PluginStateWatcher } from './plugin-state-watcher.js';

// Resolved through the package, not this file's location, so the bundled CLI links the same API package.
const apiPackageDir = dirname(createRequire(import.meta.url).resolve(`${API_PACKAGE}/package.json`));

@injectable()
export class PluginManagementServiceImpl implements PluginManagementService {
  private readonly records: PluginActivationRecords;

  constructor(
    @inject(KernelOptions) private readonly options: KernelOptions,
    @inject(ContributionRegistryImpl) private readonly contributions: ContributionRegistryImpl,
    @inject(PluginService) private readonly plugins: PluginService,
    @inject(PluginStateWatcher) private readonly watcher: PluginStateWatcher,
    @inject(AuditService) @optional() private readonly audit: AuditService | undefined,
  ) {
    this.records = new PluginActivationRecords(options.dataDir);
  }

  list(): PluginStatus[] {
    return this.plugins.listPlugins();
  }

  async install(source: string, actor?: string): Promise<InstalledPlugin> {
    const opened = await openPluginSource(source);
    try {
      const { plugin, problems } = checkPluginForInstall(opened.dir, this.contributions.plugins());
      if (problems.length) {
        await this.record('plugin.install-rejected', 'warning', plugin.id, { source, reasons: problems }, actor);
        throw new PluginInstallError(`${plugin.id} ${plugin.version} was not installed`, problems);
      }
      const builtin = this.contributions.plugins().find((p) => p.id === plugin.id && p.builtin);
      if (builtin) throw new PluginInstallError(`${plugin.id} was not installed`, [`a builtin plugin has the id ${plugin.id}`]);
      const previous = this.userPlugin(plugin.id);
      const target = join(userPluginsDir(this.options), plugin.id);
      await this.replaceFolder(target, (staging) => this.copyPlugin(opened.dir, staging));
      await this.records.clear(plugin.id);
      await this.changed();
      const installed: InstalledPlugin = { id: plugin.id, version: plugin.version, path: target, ...(previous ? { replaced: previous.version } : {}) };
      await this.record('plugin.installed', 'info', plugin.id, { version: plugin.version, source, ...(previous ? { replaced: previous.version } : {}) }, actor);
      return installed;
    } finally {
      await opened.dispose();
    }
  }

  async uninstall(id: string, actor?: string): Promise<void> {
    const plugin = this.userPlugin(id);
    if (!plugin) {
      const known = this.contributions.plugins().find((p) => p.id === id);
      throw new UsageError(known
        ? `${id} is not an installed user plugin (${known.builtin ? 'builtin' : known.path}); disable it instead: timelocker plugin disable ${id}`
        : `No installed plugin ${id}; see timelocker plugin list`);
    }
    await this.replaceFolder(plugin.path, undefined);
    await this.records.clear(id);
    await this.changed((disabled) => disabled.filter((d) => d !== id));
    await this.record('plugin.uninstalled', 'info', id, { version: plugin.version }, actor);
  }

  async setEnabled(id: string, enabled: boolean, actor?: string): Promise<PluginStatus | undefined> {
    if (!this.contributions.plugins().some((p) => p.id === id)) throw new NotFoundError(`No plugin ${id}; see timelocker plugin list`);
    // Enabling is asking for another try: a plugin that had ended the plugin host is activated again.
    if (enabled) await this.records.clear(id);
    await this.changed((disabled) => (enabled ? disabled.filter((d) => d !== id) : [...disabled, id]));
    const status = this.plugins.listPlugins().find((p) => p.id === id);
    await this.record(enabled ? 'plugin.enabled' : 'plugin.disabled', 'info', id, {}, actor);
    return status;
  }

  /** Only folders under `<data-dir>/plugins` belong to the user; builtin and `--plugin-dir` plugins are never touched. */
  private userPlugin(id: string): { path: string; version: string } | undefined {
    const root = userPluginsDir(this.options) + sep;
    return this.contributions.plugins().find((p) => p.id === id && !p.builtin && p.path.startsWith(root));
  }

  /** Copies the plugin without build leftovers; runtime dependencies come along, the API package is linked to this TimeLocker's. */
  private async copyPlugin(from: string, to: string): Promise<void> {
    const keep = ownDependencies(from).map((name) => join('node_modules', name));
    await cp(from, to, {
      recursive: true,
      dereference: true,
      filter: (path) => {
        const rel = relative(from, path);
        const top = rel.split(sep)[0];
        if (top === '.git') return false;
        if (top !== 'node_modules' || rel === 'node_modules') return true;
        return keep.some((k) => rel === k || rel.startsWith(k + sep) || k.startsWith(rel + sep));
      },
    });
    const apiLink = join(to, 'node_modules', API_PACKAGE);
    await rm(apiLink, { recursive: true, force: true });
    await mkdir(dirname(apiLink), { recursive: true });
    await symlink(apiPackageDir, apiLink, 'dir');
  }

  /** Builds the new folder beside the plugins folder, then swaps it in with renames, so a scan never sees half a plugin. */
  private async replaceFolder(target: string, build: ((staging: string) => Promise<void>) | undefined): Promise<void> {
    const stagingRoot = join(this.options.dataDir, '.plugin-staging');
    await mkdir(stagingRoot, { recursive: true });
    await mkdir(dirname(target), { recursive: true });
    const staging = join(stagingRoot, randomUUID());
    const old = join(stagingRoot, randomUUID());
    try {
      if (build) await build(staging);
      if (existsSync(target)) await rename(target, old);
      if (build) await rename(staging, target);
    } finally {
      await rm(staging, { recursive: true, force: true });
      await rm(old, { recursive: true, force: true });
    }
  }

  /** Bumps the state file's revision (other TimeLocker processes watch it) and reloads this process's plugins. */
  private async changed(update: (disabled: readonly string[]) => readonly string[] = (d) => d): Promise<void> {
    const state = await writePluginState(this.options.dataDir, update(readPluginState(this.options.dataDir).disabled));
    this.watcher.acknowledge(state.revision);
    await this.plugins.reload?.();
  }

  private async record(type: string, severity: 'info' | 'warning', target: string, details: JsonObject, actor: string | undefined): Promise<void> {
    await this.audit?.record({ type, severity, target, details, ...(actor ? { actor } : {}) });
  }
}
