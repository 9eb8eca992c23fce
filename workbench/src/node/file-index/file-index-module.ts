import { ContainerModule } from 'inversify';
import { KernelContribution } from '../../common/kernel-contribution.js';
import { ErasableData } from '../core/erasable-data.js';
import { FileDownload, FileDownloadImpl } from './file-download.js';
import { FileIndexContribution } from './file-index-contribution.js';
import { FileIndexService } from './file-index-service.js';
import { FileIndexServiceImpl } from './file-index-service-impl.js';
import { ConfigSchemaContribution, staticSchemaContribution } from '../config/config-schema-contribution.js';
import { fileIndexSchemaPart } from './file-index-schema.js';

export const fileIndexModule = new ContainerModule((options) => {
  options.bind(FileIndexServiceImpl).toSelf().inSingletonScope();
  options.bind(FileIndexService).toService(FileIndexServiceImpl);
  options.bind(ErasableData).toService(FileIndexServiceImpl);
  options.bind(FileDownload).to(FileDownloadImpl).inSingletonScope();
  options.bind(FileIndexContribution).toSelf().inSingletonScope();
  options.bind(KernelContribution).toService(FileIndexContribution);
  options.bind(ConfigSchemaContribution).toConstantValue(staticSchemaContribution(fileIndexSchemaPart));
});
