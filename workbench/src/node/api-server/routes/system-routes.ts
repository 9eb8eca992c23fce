import type { FastifyInstance } from 'fastify';
import { inject, injectable } from 'inversify';
import { ApiTokenService, apiRoles, type ApiRole } from '../../api-tokens/api-token-service.js';
import { LaunchLinks } from '../../api-tokens/launch-links.js';
import { tokenExpiry } from '../../api-tokens/token-expiry.js';
import { NotFoundError } from '../../core/errors.js';
import type { ApiRouteContribution } from '../api-route-contribution.js';
import { WorkbenchStatusService } from '../../status/workbench-status-service.js';
import { nameParam, success } from './schemas.js';

/** Who is calling, the workbench's status at a glance, and token management. */
@injectable()
export class SystemRoutes implements ApiRouteContribution {
  constructor(
    @inject(ApiTokenService) private readonly tokens: ApiTokenService,
    @inject(WorkbenchStatusService) private readonly workbench: WorkbenchStatusService,
    @inject(LaunchLinks) private readonly launchLinks: LaunchLinks,
  ) {}

  registerRoutes(app: FastifyInstance): void {
    app.get<{ Params: { ticket: string } }>('/launch/:ticket', {
      config: { access: 'public' },
      schema: {
        tags: ['system'], summary: 'A one-time link (60 s) `serve` opens the browser with: on to the UI, signed in (the link is the credential)',
        params: { type: 'object', required: ['ticket'], properties: { ticket: { type: 'string', minLength: 1, maxLength: 100 } } },
        response: success(302, 'To the UI with the session token, which the page moves out of the address at once'),
      },
    }, async (request, reply) => {
      const token = this.launchLinks.redeem(request.params.ticket);
      if (!token) throw new NotFoundError('This launch link is unknown, used or expired (it works once, for 60 s): open the address `timelocker serve` printed.');
      return reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').redirect(`/?token=${encodeURIComponent(token)}`, 302);
    });

    app.get('/api/v1/whoami', { config: { access: 'viewer' }, schema: { tags: ['system'], summary: 'The calling token: name and role' } },
      async (request) => ({ name: request.principal!.name, role: request.principal!.role }));

    app.get('/api/v1/status', { config: { access: 'viewer', errors: ['config'] }, schema: { tags: ['system'], summary: 'Running jobs, counts, per plan last success/failure, next run and size trend, circuit breakers that hold back scheduled runs, inactive config entries and audit log damage (as `timelocker status --json`)' } },
      async () => this.workbench.status());

    app.get('/api/v1/tokens', { config: { access: 'admin' }, schema: { tags: ['tokens'], summary: 'API tokens with role, expiry and last use (never the token values)' } },
      async () => this.tokens.list());

    app.post<{ Body: { name: string; role: ApiRole; expires?: string } }>('/api/v1/tokens', {
      config: { access: 'admin', errors: ['conflict'] },
      schema: {
        tags: ['tokens'], summary: 'Create a token; the value is in this response only', response: success(201, 'The token, with its value'),
        body: {
          type: 'object', required: ['name', 'role'], additionalProperties: false,
          properties: {
            name: { type: 'string', minLength: 1 }, role: { type: 'string', enum: [...apiRoles] },
            expires: { type: 'string', minLength: 1, description: 'a duration from now (30d, 12h, 1y) or a future date; default: until revoked' },
          },
        },
      },
    }, async (request, reply) => {
      const { name, role, expires } = request.body;
      const expiresAt = expires !== undefined ? tokenExpiry(expires, 'body.expires') : undefined;
      return reply.code(201).send(await this.tokens.create(name, role, expiresAt ? { expiresAt } : {}));
    });

    app.delete<{ Params: { name: string } }>('/api/v1/tokens/:name', {
      config: { access: 'admin', errors: ['not-found'] },
      schema: { tags: ['tokens'], summary: 'Revoke a token; its open event streams end at once', params: nameParam, response: success(204, 'Revoked') },
    }, async (request, reply) => {
      if (!(await this.tokens.revoke(request.params.name))) throw new NotFoundError(`No token "${request.params.name}".`);
      return reply.code(204).send();
    });
  }
}
