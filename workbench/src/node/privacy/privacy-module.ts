import { ContainerModule } from 'inversify';
import { bindContributionProvider } from '../../common/contribution-provider.js';
import { ConsentStore } from './consent-store.js';
import { ConsentStoreImpl } from './consent-store-impl.js';
import { ErasableData } from '../core/erasable-data.js';
import { PrivacyService } from './privacy-service.js';
import { PrivacyServiceImpl } from './privacy-service-impl.js';

export const privacyModule = new ContainerModule((options) => {
  options.bind(ConsentStore).to(ConsentStoreImpl).inSingletonScope();
  options.bind(PrivacyService).to(PrivacyServiceImpl).inSingletonScope();
  bindContributionProvider(options, ErasableData);
});
