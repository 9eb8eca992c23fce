import { inject, injectable, named } from 'inversify';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { ContributionProvider } from '../../common/contribution-provider.js';
import { PrometheusContribution } from './prometheus-contribution.js';
import type { PrometheusExposition, PrometheusService } from './prometheus-service.js';

@injectable()
export class PrometheusServiceImpl implements PrometheusService {
  private registry: Registry | undefined;

  constructor(@inject(ContributionProvider) @named(PrometheusContribution) private readonly contributions: ContributionProvider<PrometheusContribution>) {}

  async scrape(): Promise<PrometheusExposition> {
    const registry = this.registryOnce();
    return { contentType: registry.contentType, text: await registry.metrics() };
  }

  /** Built on the first scrape: a kernel nobody monitors pays nothing. */
  private registryOnce(): Registry {
    if (!this.registry) {
      const registry = new Registry();
      // Process CPU, memory, event-loop lag and handles of the workbench itself.
      collectDefaultMetrics({ register: registry });
      for (const contribution of this.contributions.getContributions()) contribution.registerMetrics(registry);
      this.registry = registry;
    }
    return this.registry;
  }
}
