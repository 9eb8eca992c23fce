import { ContainerModule } from 'inversify';
import { KernelContribution } from '../../common/kernel-contribution.js';
import { ConfigValidationParticipant } from '../config/config-validation-participant.js';
import { ScheduleConfigParticipant } from './schedule-config-participant.js';
import { ScheduleStore } from './schedule-store.js';
import { ScheduleStoreImpl } from './schedule-store-impl.js';
import { ScheduledTaskRunner, ScheduledTaskRunnerImpl } from './scheduled-task-runner.js';
import { SchedulerContribution } from './scheduler-contribution.js';
import { SchedulerService } from './scheduler-service.js';
import { SchedulerServiceImpl } from './scheduler-service-impl.js';

export const schedulerModule = new ContainerModule((options) => {
  options.bind(ScheduleStore).to(ScheduleStoreImpl).inSingletonScope();
  options.bind(ScheduledTaskRunner).to(ScheduledTaskRunnerImpl).inSingletonScope();
  options.bind(SchedulerService).to(SchedulerServiceImpl).inSingletonScope();
  options.bind(KernelContribution).to(SchedulerContribution).inSingletonScope();
  options.bind(ConfigValidationParticipant).to(ScheduleConfigParticipant).inSingletonScope();
});
