import type { FastifyInstance } from 'fastify';
import { CancellationToken } from '@timelocker/plugin-api';
import { inject, injectable } from 'inversify';
import { CopyService } from '../../copies/copy-service.js';
import { copyTargetsOf } from '../../copies/copy-schema.js';
import { ConfigService } from '../../config/config-service.js';
import { NotFoundError, UsageError } from '../../core/errors.js';
import type { ApiRouteContribution } from '../api-route-contribution.js';
import { BackgroundRuns } from '../background-runs.js';
import { nameParam, repositoryErrors } from './schemas.js';

const name = { type: 'string', minLength: 1, maxLength: 200 } as const;

/** Where copies of snapshots exist and whether each plan's latest snapshot has all it asks for; copying on demand. */
@injectable()
export class CopyRoutes implements ApiRouteContribution {
  constructor(
    @inject(CopyService) private readonly copies: CopyService,
    @inject(ConfigService) private readonly config: ConfigService,
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
        tags: ['copies'], summary: "Copy the plan's new snapshots now, one job per destination (copyTo, or `to`); answers 202 with the queued jobs",
        params: nameParam,
        body: { type: 'object', additionalProperties: false, properties: { to: { type: 'array', minItems: 1, maxItems: 50, uniqueItems: true, items: name } } },
      },
    }, async (request, reply) => {
      const plan = request.params.name;
      const config = await this.config.get();
      if (!config.plans[plan]) throw new NotFoundError(`Unknown plan "${plan}".`);
      const destinations = request.body?.to ?? copyTargetsOf(config, plan);
      if (destinations.length === 0) throw new UsageError(`Plan "${plan}" copies nowhere: add "copyTo" to it or name destinations in "to".`);
      const handles = await this.copies.startCopies(plan, CancellationToken.None, destinations);
      return reply.code(202).send(handles.map((handle) => this.runs.track(handle)));
    });
  }
}
