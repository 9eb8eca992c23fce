import type { FastifyInstance } from 'fastify';
import { CancellationToken } from '@timelocker/plugin-api';
import { inject, injectable } from 'inversify';
import { CopyService } from '../../copies/copy-service.js';
import { JobRequestService } from '../../job-requests/job-request-service.js';
import type { ApiRouteContribution } from '../api-route-contribution.js';
import { BackgroundRuns } from '../background-runs.js';
import { copyDestinations, nameParam, repositoryErrors } from './schemas.js';

/** Where copies of snapshots exist and whether each plan's latest snapshot has all it asks for; copying on demand. */
@injectable()
export class CopyRoutes implements ApiRouteContribution {
  constructor(
    @inject(CopyService) private readonly copies: CopyService,
    @inject(JobRequestService) private readonly requests: JobRequestService,
    @inject(BackgroundRuns) private readonly runs: BackgroundRuns,
  ) {}

  registerRoutes(app: FastifyInstance): void {
    app.get('/api/v1/copies/status', {
      config: { access: 'viewer' },
      schema: { tags: ['copies'], summary: 'Per plan with copyTo: its latest snapshot, the verified copies of it and the destinations still missing one (from job history)' },
    }, async () => this.copies.planStatus());

    app.get('/api/v1/copies', {
      config: { access: 'viewer', errors: repositoryErrors },
      schema: { tags: ['copies'], summary: 'Every copy in the configured repositories, by the id of the snapshot it was copied from, with when TimeLocker verified it' },
    }, async (request) => Object.fromEntries(await this.copies.copiesOf(request.cancellation)));

    app.post<{ Params: { name: string }; Body: { to?: string[] } }>('/api/v1/plans/:name/copy', {
      config: { access: 'operator', errors: ['not-found', 'config'] },
      schema: {
        tags: ['copies'], summary: "Copy the plan's new snapshots now, one job per destination (copyTo, or `to`); answers 202 with the queued jobs (as POST /api/v1/jobs `{ kind: 'copy' }`, which answers with the first of them)",
        params: nameParam,
        body: { type: 'object', additionalProperties: false, properties: { to: copyDestinations } },
      },
    }, async (request, reply) => {
      const to = request.body?.to;
      const handle = await this.requests.start({ kind: 'copy', plan: request.params.name, ...(to ? { to } : {}) }, {}, CancellationToken.None);
      this.runs.track(handle);
      return reply.code(202).send(handle.jobs!.map((job) => ({ ...job, joined: handle.joined })));
    });
  }
}
