import { inject, injectable, optional } from 'inversify';
import type { Registry } from 'prom-client';
import { CircuitBreakerService } from '../breaker/circuit-breaker-service.js';
import { ConfigService } from '../config/config-service.js';
import { MetricsService, type StorageSample } from '../metrics/metrics-service.js';
import { epochSeconds, registerFamily, type Sample } from './metric-family.js';
import type { PrometheusContribution } from './prometheus-contribution.js';

type RepositoryLabel = 'repository';

/** Repository size and snapshot count from the lazy `restic stats` samples; each repository's circuit breaker. */
@injectable()
export class RepositoryMetrics implements PrometheusContribution {
  private latest: Promise<StorageSample[]> | undefined;

  constructor(
    @inject(MetricsService) private readonly metrics: MetricsService,
    @inject(ConfigService) private readonly config: ConfigService,
    @inject(CircuitBreakerService) @optional() private readonly breakers: CircuitBreakerService | undefined,
  ) {}

  registerMetrics(registry: Registry): void {
    const fromSample = (name: string, help: string, value: (s: StorageSample) => number): void => registerFamily(registry, {
      name, help, labelNames: ['repository'],
      read: async () => (await this.latestSamples()).map((s): Sample<RepositoryLabel> => [{ repository: s.repository }, value(s)]),
    });
    fromSample('timelocker_repository_size_bytes', 'Bytes the repository stores (restic stats raw-data), as of its latest sample.', (s) => s.rawSize);
    fromSample('timelocker_repository_snapshots', 'Snapshots in the repository, as of its latest sample.', (s) => s.snapshotCount);
    fromSample('timelocker_repository_sample_timestamp_seconds', 'When the repository was last sampled (lazily after a backup, or by `timelocker stats`).', (s) => epochSeconds(s.time));
    if (!this.breakers) return;
    const breakers = this.breakers;
    const perRepository = (name: string, help: string, value: (b: { open: boolean; failures: number }) => number): void => registerFamily(registry, {
      name, help, labelNames: ['repository'],
      read: async () => {
        const [config, statuses] = await Promise.all([this.config.get(), breakers.list()]);
        return Object.keys(config.repositories).map((repository): Sample<RepositoryLabel> => {
          const status = statuses.find((b) => b.repository === repository);
          return [{ repository }, value({ open: status !== undefined && status.state !== 'closed', failures: status?.failures ?? 0 })];
        });
      },
    });
    perRepository('timelocker_breaker_open', 'Whether the circuit breaker of the repository holds back its scheduled runs (1 open or awaiting its trial, 0 closed).', (b) => (b.open ? 1 : 0));
    perRepository('timelocker_breaker_consecutive_failures', 'Failed scheduled runs on the repository in a row, since its last success.', (b) => b.failures);
  }

  private latestSamples(): Promise<StorageSample[]> {
    this.latest ??= this.metrics.storageSamples().then((samples) => {
      const newest = new Map<string, StorageSample>();
      for (const sample of samples) newest.set(sample.repository, sample);
      return [...newest.values()];
    }).finally(() => (this.latest = undefined));
    return this.latest;
  }
}
