import type { Command } from 'commander';
import type { JsonObject, JsonValue } from '@timelocker/plugin-api';
import type { BackendContribution } from '@timelocker/plugin-api/manifest';
import { UsageError } from '../../node/core/errors.js';

/** A contributed backend as the CLI offers it: `id` is the name shown, `names` every name that selects it (alias, full id). */
export interface CliBackend extends BackendContribution {
  readonly names: readonly string[];
}

/** Keys the kernel owns in a repository entry; backends cannot claim them as flags. */
const reserved = new Set(['backend', 'password']);

interface PropertySchema {
  readonly type?: string | string[];
  readonly description?: string;
}

interface FlagSpec {
  readonly property: string;
  readonly flag: string;
  readonly type: string;
  readonly descriptions: Map<string, string>;
}

const kebab = (id: string): string => id.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function propertiesOf(backend: BackendContribution): Record<string, PropertySchema> {
  const properties = backend.configSchema['properties'];
  return typeof properties === 'object' && properties !== null && !Array.isArray(properties) ? (properties as Record<string, PropertySchema>) : {};
}

/** One `--kebab-case` option per property any backend's configSchema declares (booleans are plain flags). */
export function addBackendFlags(command: Command, backends: readonly BackendContribution[]): Command {
  const specs = new Map<string, FlagSpec>();
  for (const backend of backends) {
    for (const [property, schema] of Object.entries(propertiesOf(backend))) {
      if (reserved.has(property) || (backend.secrets ?? []).some((s) => s.id === property)) continue;
      const type = Array.isArray(schema.type) ? schema.type[0] ?? 'string' : schema.type ?? 'string';
      const spec = specs.get(property) ?? { property, flag: kebab(property), type, descriptions: new Map<string, string>() };
      spec.descriptions.set(backend.id, schema.description ?? property);
      specs.set(property, spec);
    }
  }
  for (const spec of specs.values()) {
    const help = [...spec.descriptions].map(([id, text]) => `${id}: ${text}`).join('; ');
    command.option(spec.type === 'boolean' ? `--${spec.flag}` : `--${spec.flag} <value>`, help);
  }
  return command;
}

/** The chosen backend's settings from the parsed flags, typed by its schema; flags of other backends are refused. */
export function backendSettingsFrom(backend: BackendContribution, others: readonly BackendContribution[], flags: Readonly<Record<string, unknown>>): JsonObject {
  const own = propertiesOf(backend);
  const settings: Record<string, JsonValue> = {};
  for (const other of others) {
    for (const property of Object.keys(propertiesOf(other))) {
      if (!(property in own) && flags[property] !== undefined) throw new UsageError(`--${kebab(property)} does not apply to the ${backend.id} backend.`);
    }
  }
  for (const [property, schema] of Object.entries(own)) {
    const raw = flags[property];
    if (raw === undefined || reserved.has(property)) continue;
    const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
    if (type === 'number' || type === 'integer') {
      const n = Number(raw);
      if (!Number.isFinite(n)) throw new UsageError(`--${kebab(property)} expects a number, got "${String(raw)}".`);
      settings[property] = n;
    } else if (type === 'boolean') settings[property] = raw === true;
    else settings[property] = String(raw);
  }
  return settings;
}

/**
 * Refuses settings that lack a property the backend requires, naming the flag: the backend itself would only say
 * what an empty value is not (e.g. "must be an absolute path, got \"\"").
 */
export function assertRequiredSettings(backend: BackendContribution, settings: JsonObject): void {
  const required = backend.configSchema['required'];
  if (!Array.isArray(required)) return;
  const own = propertiesOf(backend);
  const missing = required.filter((property): property is string =>
    typeof property === 'string' && !reserved.has(property) && !(backend.secrets ?? []).some((s) => s.id === property) && settings[property] === undefined);
  if (missing.length === 0) return;
  const what = (property: string): string => (own[property]?.description ?? property).replace(/\.$/, '').replace(/^[A-Z](?=[a-z])/, (c) => c.toLowerCase());
  throw new UsageError(missing.map((property) => `--${kebab(property)} is required for the ${backend.id} backend: ${what(property)}.`).join('\n'));
}
