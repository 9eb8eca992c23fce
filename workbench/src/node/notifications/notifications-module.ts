import { ContainerModule } from 'inversify';
import { KernelContribution } from '../../common/kernel-contribution.js';
import { ConfigValidationParticipant } from '../config/config-validation-participant.js';
import { PlanReferenceContribution } from '../config/plan-reference-contribution.js';
import { NotificationRateLimiter } from './notification-rate-limiter.js';
import { NotificationService } from './notification-service.js';
import { NotificationServiceImpl } from './notification-service-impl.js';
import { NotificationsConfigParticipant } from './notifications-config-participant.js';
import { notificationPlanReferences } from './notification-plan-references.js';
import { NotificationsContribution } from './notifications-contribution.js';
import { ConfigSchemaContribution, staticSchemaContribution } from '../config/config-schema-contribution.js';
import { bindContributedConfigSchema } from '../plugins/contributed-config-schema.js';
import { notificationsSchemaPart, notifierSchemaPart } from './notifications-schema.js';

export const notificationsModule = new ContainerModule((options) => {
  options.bind(NotificationRateLimiter).toSelf().inSingletonScope();
  options.bind(NotificationServiceImpl).toSelf().inSingletonScope();
  options.bind(NotificationService).toService(NotificationServiceImpl);
  options.bind(NotificationsContribution).toSelf().inSingletonScope();
  options.bind(KernelContribution).toService(NotificationsContribution);
  options.bind(ConfigValidationParticipant).to(NotificationsConfigParticipant).inSingletonScope();
  options.bind(PlanReferenceContribution).toConstantValue(notificationPlanReferences);
  options.bind(ConfigSchemaContribution).toConstantValue(staticSchemaContribution(notificationsSchemaPart));
  bindContributedConfigSchema(options, (registry) => notifierSchemaPart(registry.get('notifiers')));
});
