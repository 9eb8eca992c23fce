export const PrometheusService = Symbol('PrometheusService');

export interface PrometheusExposition {
  readonly contentType: string;
  readonly text: string;
}

/** Every contributed series in the Prometheus text format (`GET /metrics`). */
export interface PrometheusService {
  scrape(): Promise<PrometheusExposition>;
}
