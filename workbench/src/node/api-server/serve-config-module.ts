import { ContainerModule } from 'inversify';
import { ConfigSchemaContribution, staticSchemaContribution } from '../config/config-schema-contribution.js';
import { serveSchemaPart } from './serve-schema.js';

/** The `serve` section is part of every kernel's schema (`config validate` checks it), not only the server's. */
export const serveConfigModule = new ContainerModule((options) => {
  options.bind(ConfigSchemaContribution).toConstantValue(staticSchemaContribution(serveSchemaPart));
});
