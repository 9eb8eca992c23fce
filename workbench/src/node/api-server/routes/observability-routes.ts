import type { FastifyInstance } from 'fastify';
import { inject, injectable } from 'inversify';
import { ConfigService } from '../../config/config-service.js';
import { HealthService } from '../../health/health-service.js';
import type { ServeConfig } from '../serve-schema.js';
import { PrometheusService } from '../../prometheus/prometheus-service.js';
import type { ApiRouteContribution } from '../api-route-contribution.js';

const always = (): boolean => true;

/** `/metrics` for Prometheus, `/healthz` and `/readyz` for supervisors: top-level paths, as those tools expect. */
@injectable()
export class ObservabilityRoutes implements ApiRouteContribution {
  constructor(
    @inject(PrometheusService) private readonly prometheus: PrometheusService,
    @inject(HealthService) private readonly health: HealthService,
    @inject(ConfigService) private readonly config: ConfigService,
  ) {}

  registerRoutes(app: FastifyInstance): void {
    const metricsPublic = async (): Promise<boolean> => ((await this.config.get())['serve'] as ServeConfig | undefined)?.metrics?.public === true;
    app.get('/metrics', {
      config: { access: 'viewer', tokenlessOnLoopback: metricsPublic },
      schema: { tags: ['observability'], summary: 'Prometheus text format: backups per plan, jobs, repositories, circuit breakers, audit chain, plugin host, scheduler (viewer token, or none from loopback when serve.metrics.public is set)' },
    }, async (_request, reply) => {
      const { contentType, text } = await this.prometheus.scrape();
      return reply.type(contentType).send(text);
    });
    app.get('/healthz', {
      config: { access: 'viewer', tokenlessOnLoopback: always },
      schema: { tags: ['observability'], summary: 'Liveness: the process answers (no token from loopback)' },
    }, async () => ({ status: 'up' }));
    app.get('/readyz', {
      config: { access: 'viewer', tokenlessOnLoopback: always },
      schema: {
        tags: ['observability'], summary: 'Readiness: catalog writable, plugin host up, scheduler running; 503 names the failing parts (no token from loopback)',
        response: {
          200: { description: 'Ready', type: 'object', properties: { status: { type: 'string', enum: ['up'] } } },
          503: { description: 'Not ready', type: 'object', properties: { status: { type: 'string', enum: ['down'] }, failing: { type: 'array', items: { type: 'string' } } } },
        },
      },
    }, async (_request, reply) => {
      const readiness = await this.health.readiness();
      return readiness.ready ? { status: 'up' } : reply.code(503).send({ status: 'down', failing: readiness.failing });
    });
  }
}
