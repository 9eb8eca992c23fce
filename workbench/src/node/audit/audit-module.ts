import { ContainerModule } from 'inversify';
import { bindContributionProvider } from '../../common/contribution-provider.js';
import { KernelContribution } from '../../common/kernel-contribution.js';
import { CredentialsService } from '../credentials/credentials-service.js';
import { ConfigChangeParticipant } from '../config/config-change-participant.js';
import { AuditConfigRecorder } from './audit-config-recorder.js';
import { AuditEventSource } from './audit-event-source.js';
import { AuditEventsContribution } from './audit-events-contribution.js';
import { AuditHealth } from './audit-health.js';
import { AuditKeyProvider } from './audit-key.js';
import { AuditRetentionContribution } from './audit-retention-contribution.js';
import { AuditService } from './audit-service.js';
import { AuditServiceImpl } from './audit-service-impl.js';
import { AuditingCredentialsService } from './auditing-credentials-service.js';
import { ConfigSchemaContribution, staticSchemaContribution } from '../config/config-schema-contribution.js';
import { auditSchemaPart } from './audit-schema.js';

/**
 * Load after credentialsModule: CredentialsService is re-bound to an auditing decorator around
 * CredentialsServiceImpl, so every consumer (CLI, operations, plugins' secrets) is audited unchanged.
 */
export const auditModule = new ContainerModule((options) => {
  options.bind(AuditKeyProvider).toSelf().inSingletonScope();
  options.bind(AuditHealth).toSelf().inSingletonScope();
  options.bind(AuditServiceImpl).toSelf().inSingletonScope();
  options.bind(AuditService).toService(AuditServiceImpl);
  options.bind(KernelContribution).toService(AuditServiceImpl);
  options.bind(AuditConfigRecorder).toSelf().inSingletonScope();
  options.bind(ConfigChangeParticipant).toService(AuditConfigRecorder);
  options.bind(KernelContribution).toService(AuditConfigRecorder);
  bindContributionProvider(options, AuditEventSource);
  options.bind(AuditEventsContribution).toSelf().inSingletonScope();
  options.bind(KernelContribution).toService(AuditEventsContribution);
  options.bind(AuditRetentionContribution).toSelf().inSingletonScope();
  options.bind(KernelContribution).toService(AuditRetentionContribution);
  options.bind(AuditingCredentialsService).toSelf().inSingletonScope();
  if (options.isBound(CredentialsService)) options.rebind(CredentialsService).toService(AuditingCredentialsService);
  else options.bind(CredentialsService).toService(AuditingCredentialsService);
  options.bind(ConfigSchemaContribution).toConstantValue(staticSchemaContribution(auditSchemaPart));
});
