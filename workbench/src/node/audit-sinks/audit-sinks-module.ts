import { ContainerModule } from 'inversify';
import { KernelContribution } from '../../common/kernel-contribution.js';
import { AuditSinkService } from './audit-sink-service.js';
import { AuditSinkServiceImpl } from './audit-sink-service-impl.js';
import { AuditSinksContribution } from './audit-sinks-contribution.js';
import { ConfigSchemaContribution, staticSchemaContribution } from '../config/config-schema-contribution.js';
import { bindContributedConfigSchema } from '../plugins/contributed-config-schema.js';
import { auditSinkSchemaPart, auditSinksSchemaPart } from './audit-sinks-schema.js';

/** Load before notificationsModule and pluginsModule: `onStop` delivers through the plugin host. */
export const auditSinksModule = new ContainerModule((options) => {
  options.bind(AuditSinkService).to(AuditSinkServiceImpl).inSingletonScope();
  options.bind(KernelContribution).to(AuditSinksContribution).inSingletonScope();
  options.bind(ConfigSchemaContribution).toConstantValue(staticSchemaContribution(auditSinksSchemaPart));
  bindContributedConfigSchema(options, (registry) => auditSinkSchemaPart(registry.get('auditSinks')));
});
