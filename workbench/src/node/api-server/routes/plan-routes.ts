import type { FastifyInstance } from 'fastify';
import { inject, injectable } from 'inversify';
import { PlanService, type AddPlanRequest } from '../../operations/plan-service.js';
import type { ApiRouteContribution } from '../api-route-contribution.js';
import { nameParam, stringList, success } from './schemas.js';

interface AddPlanBody {
  readonly name: string;
  readonly repository: string;
  readonly paths: readonly string[];
  readonly exclude?: readonly string[];
  readonly tags?: readonly string[];
}

@injectable()
export class PlanRoutes implements ApiRouteContribution {
  constructor(@inject(PlanService) private readonly plans: PlanService) {}

  registerRoutes(app: FastifyInstance): void {
    app.get('/api/v1/plans', { config: { access: 'viewer', errors: ['config'] }, schema: { tags: ['plans'], summary: 'Backup plans' } },
      async () => this.plans.list());

    app.post<{ Body: AddPlanBody }>('/api/v1/plans', {
      config: { access: 'admin', errors: ['not-found', 'conflict', 'config'] },
      schema: {
        tags: ['plans'], summary: 'Add a plan (absolute source paths)', response: success(201, 'The plan'),
        body: {
          type: 'object', required: ['name', 'repository', 'paths'], additionalProperties: false,
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 200 },
            repository: { type: 'string', minLength: 1 },
            paths: { ...stringList, minItems: 1 },
            exclude: stringList,
            tags: stringList,
          },
        },
      },
    }, async (request, reply) => {
      const body = request.body;
      const plan: AddPlanRequest = { name: body.name, repository: body.repository, paths: body.paths, exclude: body.exclude ?? [], tags: body.tags ?? [] };
      return reply.code(201).send(await this.plans.add(plan));
    });

    app.delete<{ Params: { name: string } }>('/api/v1/plans/:name', {
      config: { access: 'admin', errors: ['not-found', 'config'] },
      schema: { tags: ['plans'], summary: 'Remove a plan (its snapshots stay)', params: nameParam, response: success(204, 'Removed') },
    }, async (request, reply) => {
      await this.plans.remove(request.params.name);
      return reply.code(204).send();
    });
  }
}
