import { ContainerModule } from 'inversify';
import { ResticEngine } from './restic-engine.js';
import { ResticEngineImpl } from './restic-engine-impl.js';
import { ResticRunner, ResticRunnerImpl } from './restic-runner.js';

export const resticModule = new ContainerModule((options) => {
  options.bind(ResticRunner).to(ResticRunnerImpl).inSingletonScope();
  options.bind(ResticEngine).to(ResticEngineImpl).inSingletonScope();
});
