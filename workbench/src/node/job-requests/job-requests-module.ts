import { ContainerModule } from 'inversify';
import { JobRequestService } from './job-request-service.js';
import { JobRequestServiceImpl } from './job-request-service-impl.js';

export const jobRequestsModule = new ContainerModule((options) => {
  options.bind(JobRequestService).to(JobRequestServiceImpl).inSingletonScope();
});
