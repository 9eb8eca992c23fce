import type { JsonObject } from '@timelocker/plugin-api';
import type { FastifyInstance } from 'fastify';
import { inject, injectable, optional } from 'inversify';
import { TimeLockerError, UsageError } from '../../core/errors.js';
import { RetentionService } from '../../maintenance/retention-service.js';
import { PlanService, type AddPlanRequest } from '../../operations/plan-service.js';
import type { ForgetRules } from '../../restic/restic-forget-json.js';
import type { ApiRouteContribution } from '../api-route-contribution.js';
import { jsonObjectSchema, nameParam, renameBody, repositoryErrors, stringList, success } from './schemas.js';

interface AddPlanBody {
  readonly name: string;
  readonly repository: string;
  readonly paths: readonly string[];
  readonly exclude?: readonly string[];
  readonly tags?: readonly string[];
}

/** The API is used from other machines and browsers: a relative path has no meaningful base there. */
const absolutePaths = { type: 'array', minItems: 1, items: { type: 'string', pattern: '^/', minLength: 1 }, description: 'Absolute source paths' } as const;
const count = { type: 'integer', minimum: 1 } as const;
const retentionRulesSchema = {
  type: 'object', additionalProperties: false,
  properties: {
    keepLast: count, keepHourly: count, keepDaily: count, keepWeekly: count, keepMonthly: count, keepYearly: count,
    keepWithin: { type: 'string', pattern: '^([0-9]+[ymdh])+$' }, keepTags: stringList,
    groupBy: { type: 'array', items: { type: 'string', enum: ['host', 'paths', 'tags'] } },
  },
} as const;

@injectable()
export class PlanRoutes implements ApiRouteContribution {
  constructor(
    @inject(PlanService) private readonly plans: PlanService,
    @inject(RetentionService) @optional() private readonly retention: RetentionService | undefined,
  ) {}

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
            paths: absolutePaths,
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

    app.get<{ Params: { name: string } }>('/api/v1/plans/:name/config', {
      config: { access: 'viewer', errors: ['not-found', 'config'] }, schema: { tags: ['plans'], summary: "The plan's whole config entry (schedule, retention, window, limits, hooks …)", params: nameParam },
    }, async (request) => this.plans.entry(request.params.name));

    app.put<{ Params: { name: string }; Body: JsonObject }>('/api/v1/plans/:name/config', {
      config: { access: 'admin', errors: ['not-found', 'config'] },
      schema: {
        tags: ['plans'], summary: "Replace the plan's config entry; 400 with `issues` (JSON paths) when the config would be invalid",
        params: nameParam,
        body: { ...jsonObjectSchema, required: ['repository', 'paths'], properties: { repository: { type: 'string', minLength: 1 }, paths: absolutePaths } },
      },
    }, async (request) => this.plans.update(request.params.name, request.body));

    app.post<{ Params: { name: string }; Body: { to: string } }>('/api/v1/plans/:name/rename', {
      config: { access: 'admin', errors: ['not-found', 'conflict', 'config'] },
      schema: {
        tags: ['plans'], summary: 'Rename a plan; notification rules and policies follow (its snapshots keep the old plan tag)', params: nameParam,
        body: renameBody,
      },
    }, async (request) => this.plans.rename(request.params.name, request.body.to));

    app.delete<{ Params: { name: string } }>('/api/v1/plans/:name', {
      config: { access: 'admin', errors: ['not-found', 'config'] },
      schema: { tags: ['plans'], summary: 'Remove a plan (its snapshots stay)', params: nameParam, response: success(204, 'Removed') },
    }, async (request, reply) => {
      await this.plans.remove(request.params.name);
      return reply.code(204).send();
    });

    app.post<{ Params: { name: string }; Body: { rules?: ForgetRules } }>('/api/v1/plans/:name/forget-preview', {
      config: { access: 'operator', errors: [...repositoryErrors, 'not-supported'] },
      schema: {
        tags: ['plans'], params: nameParam,
        summary: "What `forget` would keep and remove, decided by restic itself (`forget --dry-run`): with the plan's retention, or with `rules` not saved yet",
        body: { type: 'object', additionalProperties: false, properties: { rules: retentionRulesSchema } },
      },
    }, async (request) => {
      if (!this.retention) throw new TimeLockerError('not-supported', 'Retention is not part of this workbench.');
      const rules = request.body?.rules;
      if (rules && Object.keys(rules).filter((k) => k !== 'groupBy').length === 0) {
        throw new UsageError('body.rules: give at least one keep rule (keepLast, keepDaily …).', [{ field: 'body.rules', message: 'needs at least one keep rule' }]);
      }
      const run = await this.retention.preview(request.params.name, rules ? { rules } : {}, request.cancellation);
      return { plan: run.plan, repository: run.repository, rules: run.rules, source: run.source, decisions: run.decisions };
    });
  }
}
