import { readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { API_VERSION, type JsonObject } from '@timelocker/plugin-api';
import {
  activationEventsOf, checkEngine, contributionEntrySchemas, listContributionPoints, manifestSchema, pluginIdOf, qualifiedContributionId,
  type PluginManifest,
} from '@timelocker/plugin-api/manifest';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { loadValidators, type ValidatorSet } from '../core/precompiled-validators.js';
import type { ListPoint } from './contribution-registry.js';
import { allPluginFolders } from './plugin-folders.js';

export interface ScannedPlugin {
  readonly id: string;
  readonly version: string;
  readonly path: string;
  readonly builtin: boolean;
  readonly rejected: boolean;
  /** Why the plugin was rejected, or which contribution entries were dropped. */
  readonly messages: readonly string[];
  /**
   * The manifest with invalid contribution entries removed and every contribution id in full (`publisher.name`).
   * Also kept for a disabled or incompatible plugin, so config entries that need it can name it.
   */
  readonly manifest?: PluginManifest;
  readonly main?: string;
  readonly activationEvents: readonly string[];
  /** The user disabled it (`timelocker plugin disable`): scanned, but not loaded. */
  readonly disabled?: boolean;
  /** Changes whenever the plugin's files change, so a reload runs the new code. */
  readonly revision?: string;
  /** Short ids as the manifest declares them, by full id, per point (builtins keep them as aliases). */
  readonly shortIds?: Readonly<Partial<Record<ListPoint, Readonly<Record<string, string>>>>>;
}

export interface PluginSource {
  readonly dir: string;
  readonly builtin: boolean;
}

/**
 * The manifest's schema and each contribution point's entry schema: our own static schemas, compiled by the build
 * (dist/plugin-manifest-validators.precompiled.cjs; compiling them was ~10% of a CLI command's start). Checking them
 * against the draft-07 meta-schema on every start cost more than compiling them.
 */
export const manifestValidatorSet: ValidatorSet<string> = {
  file: 'plugin-manifest-validators',
  schemas: {
    manifest: manifestSchema,
    ...Object.fromEntries(Object.entries(contributionEntrySchemas).map(([point, schema]) => [`contributes.${point}`, schema])),
  },
  options: { allErrors: true, strict: false, validateSchema: false, code: { optimize: false } },
};

let validators: Record<string, ValidateFunction> | undefined;

/** `manifest` or `contributes.POINT` (undefined for an unknown point); loaded on the first scan, not with the module. */
function validator(key: string): ValidateFunction | undefined {
  validators ??= loadValidators(manifestValidatorSet);
  return Object.hasOwn(validators, key) ? validators[key] : undefined;
}

function describe(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .map((e) => `${e.instancePath ? `${e.instancePath} ` : ''}${e.message ?? 'is invalid'}`)
    .join('; ');
}

type Cleaned = { contributes: PluginManifest['contributes']; shortIds: Partial<Record<ListPoint, Record<string, string>>> };

/** Keeps the valid entries of every contribution point, with full ids; each dropped entry leaves a message. */
function cleanContributions(raw: unknown, publisher: string, messages: string[]): Cleaned {
  const shortIds: Cleaned['shortIds'] = {};
  if (raw === undefined) return { contributes: undefined, shortIds };
  const contributes = raw as Record<string, unknown>;
  const cleaned: Record<string, unknown> = {};
  for (const [point, value] of Object.entries(contributes)) {
    const validate = validator(`contributes.${point}`);
    if (!validate) {
      messages.push(`contributes.${point}: unknown contribution point, ignored`);
    } else if ((listContributionPoints as readonly string[]).includes(point)) {
      if (!Array.isArray(value)) {
        messages.push(`contributes.${point}: must be an array, ignored`);
        continue;
      }
      const ids: Record<string, string> = {};
      cleaned[point] = value.flatMap((entry: { id: string }, index) => {
        if (!validate(entry)) {
          messages.push(`contributes.${point}[${index}] dropped: ${describe(validate.errors)}`);
          return [];
        }
        const id = qualifiedContributionId(publisher, entry.id);
        if (ids[id] !== undefined) {
          messages.push(`contributes.${point}[${index}] dropped: the id ${id} is declared twice`);
          return [];
        }
        ids[id] = entry.id;
        return [{ ...entry, id }];
      });
      shortIds[point as ListPoint] = ids;
    } else if (validate(value)) {
      cleaned[point] = value;
    } else {
      messages.push(`contributes.${point} dropped: ${describe(validate.errors)}`);
    }
  }
  return { contributes: cleaned as PluginManifest['contributes'], shortIds };
}

/** Version, manifest and main module times: a rebuild or a reinstall gives a new revision. */
function revisionOf(path: string, main: string | undefined, version: string): string {
  const mtime = (file: string | undefined): number => {
    try {
      return file ? statSync(file).mtimeMs : 0;
    } catch {
      return 0;
    }
  };
  return `${version}:${mtime(join(path, 'package.json'))}:${mtime(main)}`;
}

/** What an extra folder (`--plugin-dir`) without a package.json is told; a folder of plugins is the usual mistake. */
const PLUGIN_DIR_EXPECTED = "--plugin-dir expects one plugin's folder (the one holding its package.json), not a folder of plugins";

/** `withoutManifest`: what to add when the folder has no package.json, e.g. what the folder should have been. */
export function scanPluginFolder(dir: string, builtin: boolean, withoutManifest?: string): ScannedPlugin {
  const path = resolve(dir);
  const rejected = (messages: string[], manifest?: Partial<PluginManifest>, kept?: PluginManifest): ScannedPlugin => ({
    id: manifest?.publisher && manifest.name ? pluginIdOf(manifest as PluginManifest) : `${manifest?.publisher ?? 'unknown'}.${manifest?.name ?? basename(path)}`,
    version: typeof manifest?.version === 'string' ? manifest.version : '0.0.0',
    path, builtin, rejected: true, messages, activationEvents: [], ...(kept ? { manifest: kept } : {}),
  });
  let raw: JsonObject;
  try {
    raw = JSON.parse(readFileSync(join(path, 'package.json'), 'utf8')) as JsonObject;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return rejected([`no package.json in ${path}${withoutManifest ? `: ${withoutManifest}` : ''}`]);
    return rejected([`package.json cannot be read: ${(error as Error).message}`]);
  }
  const validateManifest = validator('manifest')!;
  if (!validateManifest(raw)) return rejected([`package.json is not a valid plugin manifest: ${describe(validateManifest.errors)}`], raw as Partial<PluginManifest>);
  const base = raw as unknown as PluginManifest;
  const id = pluginIdOf(base);
  const messages: string[] = [];
  const { contributes, shortIds } = cleanContributions(raw['contributes'], base.publisher, messages);
  const manifest: PluginManifest = { ...base, contributes };
  const engine = checkEngine(base.engines.timelocker, API_VERSION, id);
  if (!engine.compatible) return rejected([engine.message ?? `${id} is not compatible with API ${API_VERSION}`], base, manifest);
  const main = manifest.main ? resolve(path, manifest.main) : undefined;
  return {
    id, version: manifest.version, path, builtin, rejected: false, messages, manifest, main,
    activationEvents: activationEventsOf(manifest), revision: revisionOf(path, main, manifest.version), shortIds,
  };
}

/** Drops every entry whose full id an earlier plugin already contributes, naming both plugins. */
function withoutCollisions(plugin: ScannedPlugin, owners: Map<string, string>): ScannedPlugin {
  if (!plugin.manifest?.contributes) return plugin;
  const messages = [...plugin.messages];
  const contributes: Record<string, unknown> = { ...plugin.manifest.contributes };
  for (const point of listContributionPoints) {
    const entries = plugin.manifest.contributes[point];
    if (!entries) continue;
    contributes[point] = entries.filter((entry) => {
      const owner = owners.get(`${point}:${entry.id}`);
      if (owner === undefined) {
        if (!plugin.rejected) owners.set(`${point}:${entry.id}`, plugin.id);
        return true;
      }
      messages.push(`contributes.${point}: ${entry.id} dropped: plugin ${owner} already contributes it (two plugins cannot share an id)`);
      return false;
    });
  }
  const manifest = { ...plugin.manifest, contributes: contributes as PluginManifest['contributes'] };
  return { ...plugin, messages, manifest, ...(plugin.rejected ? {} : { activationEvents: activationEventsOf(manifest) }) };
}

/**
 * Builtin plugins first, then user plugins, then extra folders; a later duplicate plugin id is rejected, a later
 * duplicate contribution id dropped; disabled ids are scanned (to name them) but not loaded.
 */
export function scanPlugins(builtinDir: string, userDir: string, extraDirs: readonly string[], disabled: ReadonlySet<string> = new Set()): ScannedPlugin[] {
  // Builtin and user folders are listed only when they hold a package.json: a folder without one came from --plugin-dir.
  const candidates = allPluginFolders(builtinDir, userDir, extraDirs).map(({ dir, builtin }) => scanPluginFolder(dir, builtin, PLUGIN_DIR_EXPECTED));
  const seen = new Map<string, ScannedPlugin>();
  const owners = new Map<string, string>();
  return candidates.map((plugin) => {
    const first = seen.get(plugin.id);
    if (first && !plugin.rejected) {
      const { manifest: _dropped, ...rest } = plugin;
      return { ...rest, rejected: true, messages: [`duplicate plugin id ${plugin.id}: already loaded from ${first.path}`], activationEvents: [] };
    }
    if (!plugin.rejected) seen.set(plugin.id, plugin);
    if (!plugin.rejected && disabled.has(plugin.id)) {
      return { ...plugin, rejected: true, disabled: true, messages: [`disabled (timelocker plugin enable ${plugin.id})`], activationEvents: [] };
    }
    return withoutCollisions(plugin, owners);
  });
}
