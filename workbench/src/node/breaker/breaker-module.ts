import { ContainerModule } from 'inversify';
import { KernelContribution } from '../../common/kernel-contribution.js';
import { ScheduledRunParticipant } from '../scheduler/scheduled-run-participant.js';
import { BreakerContribution } from './breaker-contribution.js';
import { BreakerScheduledRunParticipant } from './breaker-scheduled-run-participant.js';
import { BreakerStore } from './breaker-store.js';
import { BreakerStoreImpl } from './breaker-store-impl.js';
import { CircuitBreakerService } from './circuit-breaker-service.js';
import { CircuitBreakerServiceImpl } from './circuit-breaker-service-impl.js';
import { ConfigSchemaContribution, staticSchemaContribution } from '../config/config-schema-contribution.js';
import { breakerSchemaPart } from './breaker-schema.js';

/** Load before notificationsModule: its contribution's onStop must deliver before the notifiers stop. */
export const breakerModule = new ContainerModule((options) => {
  options.bind(BreakerStore).to(BreakerStoreImpl).inSingletonScope();
  options.bind(CircuitBreakerServiceImpl).toSelf().inSingletonScope();
  options.bind(CircuitBreakerService).toService(CircuitBreakerServiceImpl);
  options.bind(ScheduledRunParticipant).to(BreakerScheduledRunParticipant).inSingletonScope();
  options.bind(KernelContribution).to(BreakerContribution).inSingletonScope();
  options.bind(ConfigSchemaContribution).toConstantValue(staticSchemaContribution(breakerSchemaPart));
});
