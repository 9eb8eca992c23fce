import { CancellationError, type CancellationToken } from '@timelocker/plugin-api';
import { inject, injectable } from 'inversify';
import { ConfigService } from '../config/config-service.js';
import { type Logger, LogService } from '../core/log-service.js';
import { TargetResolver } from '../operations/target-resolver.js';
import { MetricsService, type StorageSample } from './metrics-service.js';
import { sampleIntervalMsOf } from './metrics-schema.js';
import type { StorageSampler } from './storage-sampler.js';

@injectable()
export class StorageSamplerImpl implements StorageSampler {
  private readonly logger: Logger;
  /** One sample per repository at a time: a second request joins the one running. */
  private readonly running = new Map<string, Promise<StorageSample>>();

  constructor(
    @inject(MetricsService) private readonly metrics: MetricsService,
    @inject(TargetResolver) private readonly targets: TargetResolver,
    @inject(ConfigService) private readonly config: ConfigService,
    @inject(LogService) logService: LogService,
  ) {
    this.logger = logService.getLogger('metrics');
  }

  sampleNow(repository: string, token: CancellationToken): Promise<StorageSample> {
    return this.sampleOnce(repository, null, token);
  }

  async sampleIfStale(repository: string, jobId: string | null, token: CancellationToken): Promise<StorageSample | undefined> {
    try {
      const interval = sampleIntervalMsOf(await this.config.get());
      const fresh = await this.metrics.storageSamples({ repository, from: new Date(Date.now() - interval).toISOString() });
      if (fresh.length > 0 && interval > 0) return undefined;
      return await this.sampleOnce(repository, jobId, token);
    } catch (error) {
      // A missing sample only leaves a gap in the time series; the next backup (or `timelocker stats`) fills it.
      if (error instanceof CancellationError || token.isCancellationRequested) this.logger.info(`${repository}: stats sample skipped (cancelled)`);
      else this.logger.warn(`${repository}: could not sample repository stats: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  private sampleOnce(repository: string, jobId: string | null, token: CancellationToken): Promise<StorageSample> {
    const running = this.running.get(repository) ?? (async () => {
      const target = await this.targets.resolve(repository, { operation: 'list' }, token);
      return this.metrics.sample(target, jobId, token);
    })().finally(() => this.running.delete(repository));
    this.running.set(repository, running);
    return running;
  }
}
