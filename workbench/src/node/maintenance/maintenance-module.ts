import { ContainerModule } from 'inversify';
import { KernelContribution } from '../../common/kernel-contribution.js';
import { ResticMaintenance, ResticMaintenanceImpl } from '../restic/restic-maintenance.js';
import { AfterBackupService } from './after-backup-service.js';
import { AfterBackupServiceImpl } from './after-backup-service-impl.js';
import { CheckService } from './check-service.js';
import { CheckServiceImpl } from './check-service-impl.js';
import { InterruptedJobsRecovery } from './interrupted-jobs-recovery.js';
import { InterruptedJobsRecoveryImpl } from './interrupted-jobs-recovery-impl.js';
import { InterruptedJobsResumeContribution } from './interrupted-jobs-resume-contribution.js';
import { ResilientOperation, ResilientOperationImpl } from './resilient-operation.js';
import { RetentionService } from './retention-service.js';
import { RetentionServiceImpl } from './retention-service-impl.js';
import { RetryPolicy, RetryPolicyImpl } from './retry-policy.js';
import { UnlockService } from './unlock-service.js';
import { UnlockServiceImpl } from './unlock-service-impl.js';

export const maintenanceModule = new ContainerModule((options) => {
  options.bind(ResticMaintenance).to(ResticMaintenanceImpl).inSingletonScope();
  options.bind(RetryPolicy).to(RetryPolicyImpl).inSingletonScope();
  options.bind(ResilientOperation).to(ResilientOperationImpl).inSingletonScope();
  options.bind(RetentionService).to(RetentionServiceImpl).inSingletonScope();
  options.bind(CheckService).to(CheckServiceImpl).inSingletonScope();
  options.bind(UnlockService).to(UnlockServiceImpl).inSingletonScope();
  options.bind(AfterBackupService).to(AfterBackupServiceImpl).inSingletonScope();
  options.bind(InterruptedJobsRecovery).to(InterruptedJobsRecoveryImpl).inSingletonScope();
  options.bind(InterruptedJobsResumeContribution).toSelf().inSingletonScope();
  options.bind(KernelContribution).toService(InterruptedJobsResumeContribution);
});
