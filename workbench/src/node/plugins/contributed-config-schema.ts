import type { ContainerModuleLoadOptions } from 'inversify';
import { type ConfigSchemaPart, ConfigSchemaContribution } from '../config/config-schema-contribution.js';
import { ContributionRegistry } from './contribution-registry.js';

/** Binds a feature's config schema part that depends on the plugin manifests; it is rebuilt whenever they change. */
export function bindContributedConfigSchema(options: ContainerModuleLoadOptions, build: (registry: ContributionRegistry) => ConfigSchemaPart): void {
  options.bind(ConfigSchemaContribution).toDynamicValue((context) => {
    const registry = context.get<ContributionRegistry>(ContributionRegistry);
    return { onDidChange: registry.onDidChange, schemaPart: () => build(registry) };
  }).inSingletonScope();
}
