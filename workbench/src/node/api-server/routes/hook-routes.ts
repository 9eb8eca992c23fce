import type { FastifyInstance } from 'fastify';
import { inject, injectable } from 'inversify';
import type { HooksConfig } from '../../hooks/hook-config.js';
import { HookService } from '../../hooks/hook-service.js';
import { hookFailurePolicies, hookPhases } from '../../hooks/hooks-schema.js';
import type { ApiRouteContribution } from '../api-route-contribution.js';
import { nameParam } from './schemas.js';

const hookList = {
  type: 'array',
  items: {
    type: 'object', required: ['command'], additionalProperties: false,
    properties: {
      command: { type: 'string', minLength: 1, maxLength: 10_000 },
      timeoutSeconds: { type: 'integer', minimum: 1, maximum: 86_400 },
      onFailure: { type: 'string', enum: [...hookFailurePolicies] },
    },
  },
} as const;
const hooksBody = { type: 'object', additionalProperties: false, properties: Object.fromEntries(hookPhases.map((phase) => [phase, hookList])) };

/** Command hooks: anyone may read them, only an admin may change what runs on this machine. */
@injectable()
export class HookRoutes implements ApiRouteContribution {
  constructor(@inject(HookService) private readonly hooks: HookService) {}

  registerRoutes(app: FastifyInstance): void {
    app.get('/api/v1/hooks', {
      config: { access: 'viewer', errors: ['config'] }, schema: { tags: ['hooks'], summary: 'Global hooks and every plan\'s own: `{ global, plans: { NAME: hooks } }`' },
    }, async () => this.hooks.list());

    app.put<{ Body: HooksConfig }>('/api/v1/hooks', {
      config: { access: 'admin', errors: ['config'] }, schema: { tags: ['hooks'], summary: 'Replace the global hooks (run around every plan\'s backups)', body: hooksBody },
    }, async (request) => this.hooks.set(undefined, request.body));

    app.put<{ Params: { name: string }; Body: HooksConfig }>('/api/v1/plans/:name/hooks', {
      config: { access: 'admin', errors: ['not-found', 'config'] }, schema: { tags: ['hooks'], summary: "Replace a plan's hooks", params: nameParam, body: hooksBody },
    }, async (request) => this.hooks.set(request.params.name, request.body));
  }
}
