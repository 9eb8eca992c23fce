import type { JobDto, JobStatus } from '@timelocker/plugin-api';
import type { FastifyInstance } from 'fastify';
import { inject, injectable, optional } from 'inversify';
import type { ApiTokenInfo } from '../../api-tokens/api-token-service.js';
import { JobStore } from '../../catalog/job-store.js';
import { JobService } from '../../jobs/job-service.js';
import { CheckService } from '../../maintenance/check-service.js';
import { RetentionService } from '../../maintenance/retention-service.js';
import { UnlockService } from '../../maintenance/unlock-service.js';
import { BackupService } from '../../operations/backup-service.js';
import { PlanService } from '../../operations/plan-service.js';
import { RestoreService } from '../../operations/restore-service.js';
import { ConflictError, NotFoundError, UsageError } from '../../core/errors.js';
import type { ApiRouteContribution } from '../api-route-contribution.js';
import { JobLauncher } from '../job-launcher.js';
import { idParam, repositoryErrors, stringList, success } from './schemas.js';

const jobStatuses: readonly JobStatus[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted', 'stopped-at-window-end'];
type StartableKind = 'backup' | 'restore' | 'forget' | 'prune' | 'check' | 'unlock';

interface StartJobBody {
  readonly kind: StartableKind;
  readonly plan?: string;
  readonly repository?: string;
  readonly snapshot?: string;
  readonly target?: string;
  readonly include?: readonly string[];
  readonly verify?: boolean;
  readonly overwrite?: boolean;
  readonly readDataSubset?: string;
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
    @inject(JobLauncher) private readonly launcher: JobLauncher,
    @inject(PlanService) private readonly plans: PlanService,
    @inject(BackupService) private readonly backups: BackupService,
    @inject(RestoreService) private readonly restores: RestoreService,
    @inject(RetentionService) @optional() private readonly retention: RetentionService | undefined,
    @inject(CheckService) @optional() private readonly checks: CheckService | undefined,
    @inject(UnlockService) @optional() private readonly unlocks: UnlockService | undefined,
  ) {}

  /** Maintenance kinds are offered only when the maintenance feature is part of the kernel. */
  private get startableKinds(): StartableKind[] {
    return [
      'backup', 'restore',
      ...(this.retention ? ['forget', 'prune'] as const : []),
      ...(this.checks ? ['check'] as const : []),
      ...(this.unlocks ? ['unlock'] as const : []),
    ];
  }

  registerRoutes(app: FastifyInstance): void {
    app.post<{ Body: StartJobBody }>('/api/v1/jobs', {
      config: { access: 'operator', errors: repositoryErrors },
      schema: {
        tags: ['jobs'], summary: 'Start a job in the server; answers 202 with the queued job, progress follows on /api/v1/events',
        response: success(202, 'The queued job'),
        body: {
          type: 'object', required: ['kind'], additionalProperties: false,
          properties: {
            kind: { type: 'string', enum: this.startableKinds },
            plan: { type: 'string', minLength: 1, description: 'backup, forget: the plan' },
            repository: { type: 'string', minLength: 1, description: 'restore, prune, check, unlock: the repository' },
            snapshot: { type: 'string', minLength: 1, description: 'restore: `latest`, an id or a unique prefix' },
            target: { type: 'string', pattern: '^/', description: 'restore: absolute, empty or missing target folder; below admin, inside restore.allowedTargets (default <data-dir>/restores)' },
            include: stringList,
            verify: { type: 'boolean' },
            overwrite: { type: 'boolean', description: 'restore: admin only; replaces what is in the way (links themselves, never what they point to); audited' },
            readDataSubset: { type: 'string', minLength: 1, description: 'check: restic --read-data-subset, e.g. "5%"' },
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
      const all = (await this.store.list({
        ...(q.status ? { status: q.status } : {}), ...(q.repository ? { repository: q.repository } : {}), ...(q.plan ? { plan: q.plan } : {}),
      })).filter((job) => !q.kind || job.kind === q.kind);
      return { items: all.slice(q.offset, q.offset + q.limit), total: all.length };
    });

    app.get<{ Params: { id: string } }>('/api/v1/jobs/:id', {
      config: { access: 'viewer', errors: ['not-found'] }, schema: { tags: ['jobs'], summary: 'One job (id or unique prefix)', params: idParam },
    }, async (request) => this.find(request.params.id));

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

  private async start(body: StartJobBody, principal: ApiTokenInfo): Promise<JobDto> {
    switch (body.kind) {
      case 'backup': {
        const plan = await this.plans.get(required(body.plan, 'plan', 'backup'));
        return this.launcher.launch({ kind: 'backup', repository: plan.repository, plan: plan.name },
          (token) => this.backups.backup(plan.name, () => undefined, token));
      }
      case 'restore': {
        const repository = required(body.repository, 'repository', 'restore');
        const request = {
          repository, snapshot: required(body.snapshot, 'snapshot', 'restore'), target: required(body.target, 'target', 'restore'),
          include: body.include ?? [], verify: body.verify ?? false, overwrite: body.overwrite ?? false,
          // Below admin, a restore goes only into restore.allowedTargets and never overwrites.
          confined: principal.role !== 'admin', actor: `api:${principal.name}`,
        };
        return this.launcher.launch({ kind: 'restore', repository }, (token) => this.restores.restore(request, token));
      }
      case 'forget': {
        const plan = await this.plans.get(required(body.plan, 'plan', 'forget'));
        return this.launcher.launch({ kind: 'forget', repository: plan.repository }, (token) => this.retention!.forget(plan.name, { dryRun: false }, token));
      }
      case 'prune': {
        const repository = required(body.repository, 'repository', 'prune');
        return this.launcher.launch({ kind: 'prune', repository }, (token) => this.retention!.prune(repository, token));
      }
      case 'check': {
        const repository = required(body.repository, 'repository', 'check');
        const request = body.readDataSubset ? { readDataSubset: body.readDataSubset } : {};
        return this.launcher.launch({ kind: 'check', repository }, (token) => this.checks!.check(repository, request, token));
      }
      case 'unlock': {
        const repository = required(body.repository, 'repository', 'unlock');
        return this.launcher.launch({ kind: 'unlock', repository }, (token) => this.unlocks!.unlock(repository, token));
      }
    }
  }
}
