import type { FastifyInstance } from 'fastify';
import { inject, injectable } from 'inversify';
import { SnapshotService, type SnapshotFilter } from '../../operations/snapshot-service.js';
import type { ApiRouteContribution } from '../api-route-contribution.js';
import { repositoryErrors } from './schemas.js';

@injectable()
export class SnapshotRoutes implements ApiRouteContribution {
  constructor(@inject(SnapshotService) private readonly snapshots: SnapshotService) {}

  registerRoutes(app: FastifyInstance): void {
    app.get<{ Querystring: SnapshotFilter }>('/api/v1/snapshots', {
      config: { access: 'viewer', errors: repositoryErrors },
      schema: {
        tags: ['snapshots'], summary: 'Snapshots from restic, newest first (refreshes the snapshot cache)',
        querystring: {
          type: 'object', additionalProperties: false,
          properties: {
            repository: { type: 'string', minLength: 1 }, plan: { type: 'string', minLength: 1 }, tag: { type: 'string', minLength: 1 },
            path: { type: 'string', minLength: 1 }, latest: { type: 'integer', minimum: 1 },
          },
        },
      },
    }, async (request) => this.snapshots.list(request.query, request.cancellation));

    app.get<{ Params: { name: string; id: string }; Querystring: { dir: string } }>('/api/v1/repositories/:name/snapshots/:id/ls', {
      config: { access: 'viewer', errors: repositoryErrors },
      schema: {
        tags: ['snapshots'], summary: 'One directory level of a snapshot (`id` may be `latest` or a prefix)',
        params: { type: 'object', required: ['name', 'id'], properties: { name: { type: 'string', minLength: 1 }, id: { type: 'string', minLength: 1 } } },
        querystring: { type: 'object', required: ['dir'], additionalProperties: false, properties: { dir: { type: 'string', pattern: '^/' } } },
      },
    }, async (request) => this.snapshots.ls(request.params.name, request.params.id, request.query.dir, request.cancellation));
  }
}
