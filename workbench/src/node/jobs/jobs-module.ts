import { ContainerModule } from 'inversify';
import { KernelContribution } from '../../common/kernel-contribution.js';
import { AuditEventSource } from '../audit/audit-event-source.js';
import { ConfigSchemaContribution, staticSchemaContribution } from '../config/config-schema-contribution.js';
import { JobAuditEvents } from './job-audit-events.js';
import { InterruptedJobsContribution } from './interrupted-jobs-contribution.js';
import { JobService } from './job-service.js';
import { JobServiceImpl } from './job-service-impl.js';
import { jobsSchemaPart } from './jobs-schema.js';
import { LastRunsPolicyFacts } from './last-runs-policy-facts.js';
import { PolicyFactsContribution } from '../policies/policy-facts-contribution.js';

export const jobsModule = new ContainerModule((options) => {
  options.bind(JobService).to(JobServiceImpl).inSingletonScope();
  options.bind(InterruptedJobsContribution).toSelf().inSingletonScope();
  options.bind(KernelContribution).toService(InterruptedJobsContribution);
  options.bind(AuditEventSource).to(JobAuditEvents).inSingletonScope();
  options.bind(ConfigSchemaContribution).toConstantValue(staticSchemaContribution(jobsSchemaPart));
  options.bind(PolicyFactsContribution).to(LastRunsPolicyFacts).inSingletonScope();
});
