import type { Event, JsonObject } from '@timelocker/plugin-api';

/**
 * A feature's share of the ONE config schema (multi-binding, like ConfigValidationParticipant): the config folder
 * knows no feature; each feature's ContainerModule binds its sections, and features that depend on plugin
 * contributions (backends, notifiers, audit sinks, policy rules, plugin settings) build theirs from the registry.
 */
export const ConfigSchemaContribution = Symbol('ConfigSchemaContribution');

export interface ConfigSchemaContribution {
  /** Fires when the part changes (plugins installed, removed, enabled or disabled): the composed schema is rebuilt. */
  readonly onDidChange?: Event<void>;
  schemaPart(): ConfigSchemaPart;
}

/** A config entry kind other features add keys to (`plan`, `repository`), built once every feature's keys are known. */
export interface ConfigEntryDefinition {
  readonly properties: Readonly<Record<string, JsonObject>>;
  build(properties: Record<string, JsonObject>): JsonObject;
}

export interface ConfigSchemaPart {
  /** Top-level keys of the config file. */
  readonly sections?: Readonly<Record<string, JsonObject>>;
  /** Shared schemas under `#/definitions`. */
  readonly definitions?: Readonly<Record<string, JsonObject>>;
  /** Entry kinds this feature owns, by definition name. */
  readonly entries?: Readonly<Record<string, ConfigEntryDefinition>>;
  /** Keys this feature adds to another feature's entries, by definition name (`plan`, `repository`). */
  readonly entryProperties?: Readonly<Record<string, Readonly<Record<string, JsonObject>>>>;
  /** Keys that hold a secret source and must never receive a plain string. */
  readonly secretKeys?: readonly string[];
}

/** A part that never changes: a feature's own sections, written in its `…-schema.ts`. */
export function staticSchemaContribution(part: ConfigSchemaPart): ConfigSchemaContribution {
  return { schemaPart: () => part };
}

export const DEFINITIONS = '#/definitions';
