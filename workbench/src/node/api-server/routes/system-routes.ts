import type { JobDto } from '@timelocker/plugin-api';
import type { FastifyInstance } from 'fastify';
import { inject, injectable, optional } from 'inversify';
import { AuditHealth } from '../../audit/audit-health.js';
import { ApiTokenService, apiRoles, type ApiRole } from '../../api-tokens/api-token-service.js';
import { tokenExpiry } from '../../api-tokens/token-expiry.js';
import { CircuitBreakerService } from '../../breaker/circuit-breaker-service.js';
import { ConfigService } from '../../config/config-service.js';
import { JobStore } from '../../catalog/job-store.js';
import { JobService } from '../../jobs/job-service.js';
import { PluginService } from '../../plugins/plugin-service.js';
import { NotFoundError } from '../../core/errors.js';
import type { ApiRouteContribution } from '../api-route-contribution.js';
import { PlanStatusReader } from '../../metrics/plan-status-reader.js';
import { nameParam, success } from './schemas.js';

const version = '0.1.0';
/** Status is polled by every client: live jobs are read from the catalog at most this often (or after a job changes here). */
const liveJobsTtlMs = 1_000;

/** Who is calling, the workbench's status at a glance, and token management. */
@injectable()
export class SystemRoutes implements ApiRouteContribution {
  constructor(
    @inject(ApiTokenService) private readonly tokens: ApiTokenService,
    @inject(ConfigService) private readonly config: ConfigService,
    @inject(JobStore) private readonly jobs: JobStore,
    @inject(PluginService) private readonly plugins: PluginService,
    @inject(PlanStatusReader) private readonly planStatus: PlanStatusReader,
    @inject(JobService) jobService: JobService,
    @inject(AuditHealth) @optional() private readonly auditHealth: AuditHealth | undefined,
    @inject(CircuitBreakerService) @optional() private readonly breakers: CircuitBreakerService | undefined,
  ) {
    jobService.onDidChangeJob(() => (this.liveJobs = undefined));
  }

  private liveJobs: { readonly at: number; readonly jobs: Promise<JobDto[]> } | undefined;

  /** Running and queued jobs of every process (the CLI's too), shared by concurrent status reads. */
  private live(): Promise<JobDto[]> {
    if (!this.liveJobs || Date.now() - this.liveJobs.at > liveJobsTtlMs) {
      const jobs = Promise.all([this.jobs.list({ status: 'running' }), this.jobs.list({ status: 'queued' })]).then(([running, queued]) => [...running, ...queued]);
      this.liveJobs = { at: Date.now(), jobs };
      jobs.catch(() => (this.liveJobs = undefined));
    }
    return this.liveJobs.jobs;
  }

  registerRoutes(app: FastifyInstance): void {
    app.get('/api/v1/whoami', { config: { access: 'viewer' }, schema: { tags: ['system'], summary: 'The calling token: name and role' } },
      async (request) => ({ name: request.principal!.name, role: request.principal!.role }));

    app.get('/api/v1/status', { config: { access: 'viewer', errors: ['config'] }, schema: { tags: ['system'], summary: 'Running jobs, counts, per plan last success/failure, next run and size trend (as `timelocker status --json`), and circuit breakers that hold back scheduled runs' } }, async () => {
      const [config, running, planStatuses, breakers] = await Promise.all([this.config.get(), this.live(), this.planStatus.read(), this.breakers?.list() ?? []]);
      const plugins = this.plugins.listPlugins();
      return {
        version,
        running,
        repositories: Object.keys(config.repositories).length,
        plans: Object.keys(config.plans).length,
        plugins: { total: plugins.length, failed: plugins.filter((p) => p.state === 'failed' || p.state === 'rejected').length },
        planStatuses,
        breakers,
        // Until a verification finds the log intact again (`timelocker audit verify`).
        auditProblem: (await this.auditHealth?.current()) ?? null,
      };
    });

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
