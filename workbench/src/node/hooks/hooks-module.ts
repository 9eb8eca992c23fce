import { ContainerModule } from 'inversify';
import { HookRunner } from './hook-runner.js';
import { HookRunnerImpl } from './hook-runner-impl.js';
import { HookService } from './hook-service.js';
import { HookServiceImpl } from './hook-service-impl.js';
import { ConfigSchemaContribution, staticSchemaContribution } from '../config/config-schema-contribution.js';
import { hooksSchemaPart } from './hooks-schema.js';

export const hooksModule = new ContainerModule((options) => {
  options.bind(HookRunner).to(HookRunnerImpl).inSingletonScope();
  options.bind(HookService).to(HookServiceImpl).inSingletonScope();
  options.bind(ConfigSchemaContribution).toConstantValue(staticSchemaContribution(hooksSchemaPart));
});
