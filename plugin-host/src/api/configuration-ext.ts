import {
  EventEmitter, PluginApiError, type Configuration, type ConfigurationChangeEvent, type Event, type JsonObject, type JsonValue,
} from '@timelocker/plugin-api';
import type { ConfigurationDto, PluginDescriptionDto } from '@timelocker/plugin-api/protocol';

const isObject = (value: JsonValue | undefined): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

function at(root: JsonValue | undefined, path: readonly string[]): JsonValue | undefined {
  let value = root;
  for (const key of path) value = isObject(value) && Object.hasOwn(value, key) ? value[key] : undefined;
  return value;
}

/** The `default`s of a contributed schema's properties, nested objects included. */
function defaultsOf(properties: JsonObject | undefined): JsonObject {
  const defaults: JsonObject = {};
  for (const [key, schema] of Object.entries(properties ?? {})) {
    if (!isObject(schema)) continue;
    if (schema['default'] !== undefined) defaults[key] = schema['default'];
    else if (isObject(schema['properties'])) {
      const nested = defaultsOf(schema['properties']);
      if (Object.keys(nested).length > 0) defaults[key] = nested;
    }
  }
  return defaults;
}

/** Every plugin's settings as the kernel last pushed them (`plugins.<id>` in timelocker.json). */
export class ConfigurationStore {
  private settings: Readonly<Record<string, JsonObject>> = {};
  private readonly changed = new EventEmitter<readonly string[]>();
  readonly onDidChange: Event<readonly string[]> = this.changed.event;

  accept(update: ConfigurationDto): void {
    this.settings = update.settings;
    if (update.changed.length > 0) this.changed.fire(update.changed);
  }

  /** `section` is the plugin's id or a dotted path below it. */
  get(plugin: PluginDescriptionDto, section: string = plugin.id): Configuration {
    if (section !== plugin.id && !section.startsWith(`${plugin.id}.`)) {
      throw new PluginApiError(`${plugin.id} can read only its own settings (section "${plugin.id}" or below it), not "${section}"`);
    }
    const path = section === plugin.id ? [] : section.slice(plugin.id.length + 1).split('.');
    const values = at(this.settings[plugin.id], path);
    const defaults = at(defaultsOf(plugin.manifest.contributes?.configuration?.properties), path);
    const lookup = (key: string): JsonValue | undefined => {
      const keyPath = key.split('.');
      return at(values, keyPath) ?? at(defaults, keyPath);
    };
    function get<T extends JsonValue>(key: string): T | undefined;
    function get<T extends JsonValue>(key: string, defaultValue: T): T;
    function get<T extends JsonValue>(key: string, defaultValue?: T): T | undefined {
      return (lookup(key) as T | undefined) ?? defaultValue;
    }
    return Object.freeze({ get, has: (key: string) => lookup(key) !== undefined });
  }
}

/** A change event over the changed dotted paths: a section is affected when a change lies at, above or below it. */
export function configurationChangeEvent(changed: readonly string[]): ConfigurationChangeEvent {
  return Object.freeze({
    affectsConfiguration: (section: string) => changed.some((path) => path === section || path.startsWith(`${section}.`) || section.startsWith(`${path}.`)),
  });
}
