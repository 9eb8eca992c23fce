import type { Registry } from 'prom-client';

export const PrometheusContribution = Symbol('PrometheusContribution');

/** A feature's series for `GET /metrics`, registered once; their values are read at every scrape. */
export interface PrometheusContribution {
  registerMetrics(registry: Registry): void;
}
