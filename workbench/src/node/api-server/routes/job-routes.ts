import { CancellationToken, type JobDto, type JobKind, type JobStatus } from '@timelocker/plugin-api';
import type { FastifyInstance } from 'fastify';
import { inject, injectable } from 'inversify';
import type { ApiTokenInfo } from '../../api-tokens/api-token-service.js';
import { JobStore } from '../../catalog/job-store.js';
import { JobService } from '../../jobs/job-service.js';
import { type JobRequest, type JobRequestHandle, JobRequestService } from '../../job-requests/job-request-service.js';
import { ConflictError, NotFoundError, UsageError } from '../../core/errors.js';
import type { ApiRouteContribution } from '../api-route-contribution.js';
import { BackgroundRuns } from '../background-runs.js';
import { copyDestinations, idParam, repositoryErrors, stringList, success } from './schemas.js';

const jobStatuses: readonly JobStatus[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted', 'stopped-at-window-end'];
interface StartJobBody {
  readonly kind: JobRequest['kind'];
  readonly plan?: string;
  readonly repository?: string;
  readonly snapshot?: string;
  readonly target?: string;
  readonly include?: readonly string[];
  readonly verify?: boolean;
  readonly overwrite?: boolean;
  readonly readDataSubset?: string;
  readonly force?: boolean;
  readonly to?: readonly string[];
}

interface JobListQuery {
  readonly status?: JobStatus;
  readonly kind?: string;
  readonly repository?: string;
  readonly plan?: string;
  readonly limit: number;
  readonly offset: number;
}

function required<T>(value: T | undefined, field: string, kind: string): T {
  if (value === undefined) throw new UsageError(`body.${field}: is required for a ${kind} job`, [{ field: `body.${field}`, message: `is required for a ${kind} job` }]);
  return value;
}

@injectable()
export class JobRoutes implements ApiRouteContribution {
  constructor(
    @inject(JobStore) private readonly store: JobStore,
    @inject(JobService) private readonly jobs: JobService,
    @inject(BackgroundRuns) private readonly runs: BackgroundRuns,
    @inject(JobRequestService) private readonly requests: JobRequestService,
  ) {}

  registerRoutes(app: FastifyInstance): void {
    app.post<{ Body: StartJobBody }>('/api/v1/jobs', {
      config: { access: 'operator', errors: repositoryErrors },
      schema: {
        tags: ['jobs'], summary: 'Start a job in the server; answers 202 with the queued job, progress follows on /api/v1/events. A backup of a plan that is already running joins that run: 202 with the running job and `joined: true`. A copy starts one job per destination (`to`, else the plan\'s copyTo, in that order) and answers with the first destination\'s job, every destination\'s job in `jobs`; each copy job applies its destination\'s retention after it',
        response: success(202, 'The queued job, or the running one it joined (a copy: its first destination\'s job, with all of them in `jobs`)'),
        body: {
          type: 'object', required: ['kind'], additionalProperties: false,
          properties: {
            kind: { type: 'string', enum: [...this.requests.kinds] },
            plan: { type: 'string', minLength: 1, description: 'backup, forget, copy: the plan' },
            repository: { type: 'string', minLength: 1, description: 'restore, prune, check, unlock: the repository' },
            snapshot: { type: 'string', minLength: 1, description: 'restore: `latest`, an id or a unique prefix' },
            target: { type: 'string', pattern: '^/', description: 'restore: absolute, empty or missing target folder; below admin, inside restore.allowedTargets (default <data-dir>/restores)' },
            include: stringList,
            verify: { type: 'boolean' },
            overwrite: { type: 'boolean', description: 'restore: admin only; replaces what is in the way (links themselves, never what they point to); audited' },
            readDataSubset: { type: 'string', minLength: 1, description: 'check: restic --read-data-subset, e.g. "5%"' },
            force: { type: 'boolean', description: "backup: run even where a policy refuses a manual run (outside the plan's backup window), as `backup --force`" },
            to: { ...copyDestinations, description: "copy: these repositories instead of the plan's copyTo, as `copy --to`" },
          },
        },
      },
    }, async (request, reply) => reply.code(202).send(await this.start(request.body, request.principal!)));

    app.get<{ Querystring: JobListQuery }>('/api/v1/jobs', {
      config: { access: 'viewer' },
      schema: {
        tags: ['jobs'], summary: 'Jobs, newest first, one page at a time: `{ items, total }`',
        querystring: {
          type: 'object', additionalProperties: false,
          properties: {
            status: { type: 'string', enum: [...jobStatuses] }, kind: { type: 'string' }, repository: { type: 'string' }, plan: { type: 'string' },
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 }, offset: { type: 'integer', minimum: 0, default: 0 },
          },
        },
      },
    }, async (request) => {
      const q = request.query;
      return this.store.page({
        ...(q.status ? { status: q.status } : {}), ...(q.repository ? { repository: q.repository } : {}), ...(q.plan ? { plan: q.plan } : {}),
        ...(q.kind ? { kind: q.kind as JobKind } : {}),
      }, q.offset, q.limit);
    });


    app.get<{ Params: { id: string } }>('/api/v1/jobs/:id', {
      config: { access: 'viewer', errors: ['not-found'] },
      schema: { tags: ['jobs'], summary: "One job (id or unique prefix) with its output lines in `log` (kept with the job: live while it runs, from the job history once it ended)", params: idParam },
    }, async (request) => {
      const found = await this.store.getWithLog(request.params.id);
      if (!found) throw new NotFoundError(`No job "${request.params.id}".`);
      return { ...found.job, log: found.log };
    });

    app.post<{ Params: { id: string } }>('/api/v1/jobs/:id/cancel', {
      config: { access: 'operator', errors: ['not-found', 'conflict'] },
      schema: { tags: ['jobs'], summary: 'Stop a running job gracefully (SIGINT to restic)', params: idParam, response: success(202, 'The job, being stopped') },
    }, async (request, reply) => {
      const job = await this.find(request.params.id);
      if (!this.jobs.cancel(job.id)) throw new ConflictError(`Job ${job.id} is ${job.status}, not running in this server.`);
      return reply.code(202).send(job);
    });
  }

  private async find(id: string): Promise<JobDto> {
    const job = await this.store.get(id);
    if (!job) throw new NotFoundError(`No job "${id}".`);
    return job;
  }

  /** The job as recorded, or the running one the request joined (`joined`); it runs on after the answer. */
  private async start(body: StartJobBody, principal: ApiTokenInfo): Promise<JobDto> {
    const handle: JobRequestHandle<unknown> = await this.requests.start(this.requestOf(body, principal), {}, CancellationToken.None);
    return { ...this.runs.track(handle), ...(handle.jobs ? { jobs: handle.jobs } : {}) };
  }

  private requestOf(body: StartJobBody, principal: ApiTokenInfo): JobRequest {
    switch (body.kind) {
      case 'backup':
        // Started by a person (the UI's "Back up now", a script): policies judge it as the CLI's manual backup.
        return { kind: 'backup', plan: required(body.plan, 'plan', 'backup'), ...(body.force ? { force: true } : {}) };
      case 'restore':
        return {
          kind: 'restore', repository: required(body.repository, 'repository', 'restore'), snapshot: required(body.snapshot, 'snapshot', 'restore'),
          target: required(body.target, 'target', 'restore'), include: body.include ?? [], verify: body.verify ?? false, overwrite: body.overwrite ?? false,
          // Below admin, a restore goes only into restore.allowedTargets and never overwrites.
          confined: principal.role !== 'admin', actor: `api:${principal.name}`,
        };
      case 'forget':
        return { kind: 'forget', plan: required(body.plan, 'plan', 'forget') };
      case 'prune':
      case 'unlock':
        return { kind: body.kind, repository: required(body.repository, 'repository', body.kind) };
      case 'check':
        return { kind: 'check', repository: required(body.repository, 'repository', 'check'), ...(body.readDataSubset ? { readDataSubset: body.readDataSubset } : {}) };
      case 'copy':
        return { kind: 'copy', plan: required(body.plan, 'plan', 'copy'), ...(body.to ? { to: body.to } : {}) };
    }
  }
}
