import { access, constants } from 'node:fs/promises';
import { inject, injectable } from 'inversify';
import { CatalogService } from '../catalog/catalog-service.js';
import { KernelOptions } from '../core/kernel-options.js';
import { PluginService } from '../plugins/plugin-service.js';
import { SchedulerService } from '../scheduler/scheduler-service.js';
import type { ReadinessCheck } from './readiness-check.js';

/** The catalog reads and its folder takes writes (a real write per probe would rewrite the whole file). */
@injectable()
export class CatalogReadiness implements ReadinessCheck {
  readonly name = 'catalog';

  constructor(
    @inject(CatalogService) private readonly catalog: CatalogService,
    @inject(KernelOptions) private readonly options: KernelOptions,
  ) {}

  async isReady(): Promise<boolean> {
    await this.catalog.read(() => undefined);
    // Writes go to a temp file in the data dir that is then renamed over the catalog.
    await access(this.options.dataDir, constants.W_OK);
    return true;
  }
}

@injectable()
export class PluginHostReadiness implements ReadinessCheck {
  readonly name = 'plugin-host';

  constructor(@inject(PluginService) private readonly plugins: PluginService) {}

  async isReady(): Promise<boolean> {
    return this.plugins.hostHealth().up;
  }
}

@injectable()
export class SchedulerReadiness implements ReadinessCheck {
  readonly name = 'scheduler';

  constructor(@inject(SchedulerService) private readonly scheduler: SchedulerService) {}

  async isReady(): Promise<boolean> {
    return this.scheduler.active;
  }
}
