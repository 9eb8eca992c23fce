import type { FastifyInstance } from 'fastify';
import { inject, injectable } from 'inversify';
import { LogService, type Logger } from '../../core/log-service.js';
import { SnapshotService, type SnapshotFilter } from '../../operations/snapshot-service.js';
import type { ApiRouteContribution } from '../api-route-contribution.js';
import { repositoryErrors } from './schemas.js';

/** Repositories left out of GET /api/v1/snapshots because they cannot be listed now (names only; reasons in the log). */
const UNLISTED_HEADER = 'x-timelocker-unlisted-repositories';

@injectable()
export class SnapshotRoutes implements ApiRouteContribution {
  private readonly logger: Logger;

  constructor(@inject(SnapshotService) private readonly snapshots: SnapshotService, @inject(LogService) logs: LogService) {
    this.logger = logs.getLogger('snapshots');
  }

  registerRoutes(app: FastifyInstance): void {
    app.get<{ Querystring: SnapshotFilter }>('/api/v1/snapshots', {
      config: { access: 'viewer', errors: repositoryErrors },
      schema: {
        tags: ['snapshots'], summary: 'Snapshots, newest first, from the snapshot cache while a cheap id listing finds nothing new in the repository (`refresh=true` lists them with restic); a repository that cannot be listed now is left out and named in the X-TimeLocker-Unlisted-Repositories header (all of them failing: the first one\'s error)',
        querystring: {
          type: 'object', additionalProperties: false,
          properties: {
            repository: { type: 'string', minLength: 1 }, plan: { type: 'string', minLength: 1 }, tag: { type: 'string', minLength: 1 },
            path: { type: 'string', minLength: 1 }, latest: { type: 'integer', minimum: 1 }, refresh: { type: 'boolean' },
          },
        },
      },
    }, async (request, reply) => {
      const { snapshots, unlisted } = await this.snapshots.listAvailable(request.query, request.cancellation);
      // The answer stays the list; a repository that could not be listed now is named beside it, not hidden.
      if (unlisted.length > 0) {
        void reply.header(UNLISTED_HEADER, unlisted.map((u) => u.repository).join(','));
        for (const { repository, message } of unlisted) this.logger.warn(`repository "${repository}" is not listed: ${message}`);
      }
      return snapshots;
    });

    app.get<{ Params: { name: string; id: string }; Querystring: { dir: string } }>('/api/v1/repositories/:name/snapshots/:id/ls', {
      config: { access: 'viewer', errors: repositoryErrors },
      schema: {
        tags: ['snapshots'], summary: 'One directory level of a snapshot (`id` may be `latest` or a prefix); a folder listed once is served from the listing cache',
        params: { type: 'object', required: ['name', 'id'], properties: { name: { type: 'string', minLength: 1 }, id: { type: 'string', minLength: 1 } } },
        querystring: { type: 'object', required: ['dir'], additionalProperties: false, properties: { dir: { type: 'string', pattern: '^/' } } },
      },
    }, async (request) => this.snapshots.ls(request.params.name, request.params.id, request.query.dir, request.cancellation));
  }
}
