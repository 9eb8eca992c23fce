import { ContainerModule } from 'inversify';
import { bindContributionProvider } from '../../common/contribution-provider.js';
import { KernelContribution } from '../../common/kernel-contribution.js';
import { ConfigValidationParticipant } from '../config/config-validation-participant.js';
import { PolicyFactsContribution } from '../policies/policy-facts-contribution.js';
import { ScheduleConfigParticipant } from './schedule-config-participant.js';
import { ScheduleStore } from './schedule-store.js';
import { ScheduleStoreImpl } from './schedule-store-impl.js';
import { ScheduledRunParticipant } from './scheduled-run-participant.js';
import { ScheduledTaskRunner, ScheduledTaskRunnerImpl } from './scheduled-task-runner.js';
import { SchedulerContribution } from './scheduler-contribution.js';
import { SchedulerService } from './scheduler-service.js';
import { SchedulerServiceImpl } from './scheduler-service-impl.js';
import { ConfigSchemaContribution, staticSchemaContribution } from '../config/config-schema-contribution.js';
import { schedulerSchemaPart } from './scheduler-schema.js';
import { windowPolicyFacts } from './window-policy-facts.js';

export const schedulerModule = new ContainerModule((options) => {
  options.bind(ScheduleStore).to(ScheduleStoreImpl).inSingletonScope();
  bindContributionProvider(options, ScheduledRunParticipant);
  options.bind(ScheduledTaskRunner).to(ScheduledTaskRunnerImpl).inSingletonScope();
  options.bind(SchedulerService).to(SchedulerServiceImpl).inSingletonScope();
  options.bind(KernelContribution).to(SchedulerContribution).inSingletonScope();
  options.bind(ConfigValidationParticipant).to(ScheduleConfigParticipant).inSingletonScope();
  options.bind(ConfigSchemaContribution).toConstantValue(staticSchemaContribution(schedulerSchemaPart));
  options.bind(PolicyFactsContribution).toConstantValue(windowPolicyFacts);
});
