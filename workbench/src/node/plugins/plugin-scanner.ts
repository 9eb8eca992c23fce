import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { API_VERSION, type JsonObject } from '@timelocker/plugin-api';
import {
  activationEventsOf, checkEngine, contributionEntrySchemas, listContributionPoints, manifestSchema, pluginIdOf,
  type ContributionPointName, type PluginManifest,
} from '@timelocker/plugin-api/manifest';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

export interface ScannedPlugin {
  readonly id: string;
  readonly version: string;
  readonly path: string;
  readonly builtin: boolean;
  readonly rejected: boolean;
  /** Why the plugin was rejected, or which contribution entries were dropped. */
  readonly messages: readonly string[];
  /** The manifest with invalid contribution entries removed (absent when unreadable). */
  readonly manifest?: PluginManifest;
  readonly main?: string;
  readonly activationEvents: readonly string[];
  /** The user disabled it (`timelocker plugin disable`): scanned, but not loaded. */
  readonly disabled?: boolean;
}

export interface PluginSource {
  readonly dir: string;
  readonly builtin: boolean;
}

const ajv = new Ajv({ allErrors: true, strict: false });
const validateBase = ajv.compile(manifestSchema);
const validateEntry = Object.fromEntries(
  Object.entries(contributionEntrySchemas).map(([point, schema]) => [point, ajv.compile(schema)]),
) as Record<ContributionPointName, ValidateFunction>;

function describe(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .map((e) => `${e.instancePath ? `${e.instancePath} ` : ''}${e.message ?? 'is invalid'}`)
    .join('; ');
}

/** Keeps the valid entries of every contribution point; each dropped entry leaves a message. */
function cleanContributions(raw: unknown, messages: string[]): PluginManifest['contributes'] {
  if (raw === undefined) return undefined;
  const contributes = raw as Record<string, unknown>;
  const cleaned: Record<string, unknown> = {};
  for (const [point, value] of Object.entries(contributes)) {
    const validate = validateEntry[point as ContributionPointName];
    if (!validate) {
      messages.push(`contributes.${point}: unknown contribution point, ignored`);
    } else if ((listContributionPoints as readonly string[]).includes(point)) {
      if (!Array.isArray(value)) {
        messages.push(`contributes.${point}: must be an array, ignored`);
        continue;
      }
      cleaned[point] = value.filter((entry, index) => {
        if (validate(entry)) return true;
        messages.push(`contributes.${point}[${index}] dropped: ${describe(validate.errors)}`);
        return false;
      });
    } else if (validate(value)) {
      cleaned[point] = value;
    } else {
      messages.push(`contributes.${point} dropped: ${describe(validate.errors)}`);
    }
  }
  return cleaned as PluginManifest['contributes'];
}

export function scanPluginFolder(dir: string, builtin: boolean): ScannedPlugin {
  const path = resolve(dir);
  const rejected = (messages: string[], manifest?: Partial<PluginManifest>): ScannedPlugin => ({
    id: manifest?.publisher && manifest.name ? pluginIdOf(manifest as PluginManifest) : `${manifest?.publisher ?? 'unknown'}.${manifest?.name ?? basename(path)}`,
    version: typeof manifest?.version === 'string' ? manifest.version : '0.0.0',
    path, builtin, rejected: true, messages, activationEvents: [],
  });
  let raw: JsonObject;
  try {
    raw = JSON.parse(readFileSync(join(path, 'package.json'), 'utf8')) as JsonObject;
  } catch (error) {
    return rejected([`package.json cannot be read: ${(error as Error).message}`]);
  }
  if (!validateBase(raw)) return rejected([`package.json is not a valid plugin manifest: ${describe(validateBase.errors)}`], raw as Partial<PluginManifest>);
  const base = raw as unknown as PluginManifest;
  const id = pluginIdOf(base);
  const engine = checkEngine(base.engines.timelocker, API_VERSION, id);
  if (!engine.compatible) return rejected([engine.message ?? `${id} is not compatible with API ${API_VERSION}`], base);
  const messages: string[] = [];
  const manifest: PluginManifest = { ...base, contributes: cleanContributions(raw['contributes'], messages) };
  return {
    id, version: manifest.version, path, builtin, rejected: false, messages, manifest,
    main: manifest.main ? resolve(path, manifest.main) : undefined,
    activationEvents: activationEventsOf(manifest),
  };
}

function pluginFoldersIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'package.json')))
    .map((entry) => join(dir, entry.name))
    .sort();
}

/** Builtin plugins first, then user plugins, then extra folders; a later duplicate id is rejected; disabled ids are not loaded. */
export function scanPlugins(builtinDir: string, userDir: string, extraDirs: readonly string[], disabled: ReadonlySet<string> = new Set()): ScannedPlugin[] {
  const candidates = [
    ...pluginFoldersIn(builtinDir).map((dir) => scanPluginFolder(dir, true)),
    ...pluginFoldersIn(userDir).map((dir) => scanPluginFolder(dir, false)),
    ...extraDirs.map((dir) => scanPluginFolder(dir, false)),
  ];
  const seen = new Map<string, ScannedPlugin>();
  return candidates.map((plugin) => {
    const first = seen.get(plugin.id);
    if (first && !plugin.rejected) {
      return { ...plugin, rejected: true, messages: [`duplicate plugin id ${plugin.id}: already loaded from ${first.path}`], activationEvents: [] };
    }
    if (!plugin.rejected) seen.set(plugin.id, plugin);
    if (!plugin.rejected && disabled.has(plugin.id)) {
      return { ...plugin, rejected: true, disabled: true, messages: [`disabled (timelocker plugin enable ${plugin.id})`], activationEvents: [] };
    }
    return plugin;
  });
}
