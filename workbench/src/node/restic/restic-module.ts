import { ContainerModule } from 'inversify';
import { ResticEngine } from './restic-engine.js';
import { ResticEngineImpl } from './restic-engine-impl.js';

export const resticModule = new ContainerModule((options) => {
  options.bind(ResticEngine).to(ResticEngineImpl).inSingletonScope();
});
