import { ContainerModule } from 'inversify';
import { bindContributionProvider } from '../../common/contribution-provider.js';
import { AuditEventSource } from '../audit/audit-event-source.js';
import { ConfigValidationParticipant } from '../config/config-validation-participant.js';
import { PlanReferenceContribution } from '../config/plan-reference-contribution.js';
import { PolicyAuditEvents } from './policy-audit-events.js';
import { PolicyFactsContribution } from './policy-facts-contribution.js';
import { PolicyConfigParticipant } from './policy-config-participant.js';
import { policyPlanReferences } from './policy-plan-references.js';
import { PolicyService } from './policy-service.js';
import { PolicyServiceImpl } from './policy-service-impl.js';
import { bindContributedConfigSchema } from '../plugins/contributed-config-schema.js';
import { policiesSchemaPart } from './policies-schema.js';

export const policiesModule = new ContainerModule((options) => {
  options.bind(PolicyService).to(PolicyServiceImpl).inSingletonScope();
  bindContributionProvider(options, PolicyFactsContribution);
  options.bind(ConfigValidationParticipant).to(PolicyConfigParticipant).inSingletonScope();
  options.bind(AuditEventSource).to(PolicyAuditEvents).inSingletonScope();
  options.bind(PlanReferenceContribution).toConstantValue(policyPlanReferences);
  bindContributedConfigSchema(options, (registry) => policiesSchemaPart(registry.get('policyRules')));
});
