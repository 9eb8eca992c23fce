import type { FastifyInstance } from 'fastify';
import { inject, injectable } from 'inversify';
import { parsePeriod } from '../../core/time-period.js';
import { MetricsService, type StorageFilter } from '../../metrics/metrics-service.js';
import type { ApiRouteContribution } from '../api-route-contribution.js';

/** The storage time series sampled after every backup (`restic stats`), for the Dashboard's size chart. */
@injectable()
export class MetricsRoutes implements ApiRouteContribution {
  constructor(@inject(MetricsService) private readonly metrics: MetricsService) {}

  registerRoutes(app: FastifyInstance): void {
    app.get<{ Querystring: StorageFilter }>('/api/v1/metrics/storage', {
      config: { access: 'viewer' },
      schema: {
        tags: ['metrics'], summary: 'Repository size samples, oldest first (`from` inclusive, `to` exclusive: YYYY-MM-DD, ISO time or an age such as 30d)',
        querystring: {
          type: 'object', additionalProperties: false,
          properties: { repository: { type: 'string', minLength: 1 }, from: { type: 'string', minLength: 1 }, to: { type: 'string', minLength: 1 } },
        },
      },
    }, async (request) => {
      const { repository, from, to } = request.query;
      return this.metrics.storageSamples({ ...(repository ? { repository } : {}), ...parsePeriod(from, to, 'querystring.') });
    });
  }
}
