import { ContainerModule } from 'inversify';
import { CredentialsService } from './credentials-service.js';
import { CredentialsServiceImpl } from './credentials-service-impl.js';

export const credentialsModule = new ContainerModule((options) => {
  options.bind(CredentialsServiceImpl).toSelf().inSingletonScope();
  options.bind(CredentialsService).toService(CredentialsServiceImpl);
});
