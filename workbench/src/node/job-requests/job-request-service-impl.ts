import { AsyncLocalStorage } from 'node:async_hooks';
import type { CancellationToken } from '@timelocker/plugin-api';
import { inject, injectable, optional } from 'inversify';
import { TimeLockerError } from '../core/errors.js';
import { asOneCommand } from '../core/log-once.js';
import { ConfigService } from '../config/config-service.js';
import { copyTargetsOf } from '../copies/copy-schema.js';
import { CopyService } from '../copies/copy-service.js';
import { LogService } from '../core/log-service.js';
import { JobService } from '../jobs/job-service.js';
import { CheckService } from '../maintenance/check-service.js';
import { RetentionService } from '../maintenance/retention-service.js';
import { UnlockService } from '../maintenance/unlock-service.js';
import { BackupService } from '../operations/backup-service.js';
import { PlanService } from '../operations/plan-service.js';
import { RestoreService } from '../operations/restore-service.js';
import type { JobRequest, JobRequestHandle, JobRequestKind, JobRequestListener, JobRequestOf, JobRequestResults, JobRequestService } from './job-request-service.js';

/** Which request the work in progress belongs to: job output is heard in the async context of the job that wrote it. */
const requestScope = new AsyncLocalStorage<JobRequestListener>();

@injectable()
export class JobRequestServiceImpl implements JobRequestService {
  constructor(
    @inject(JobService) jobs: JobService,
    @inject(LogService) logService: LogService,
    @inject(PlanService) private readonly plans: PlanService,
    @inject(ConfigService) private readonly config: ConfigService,
    @inject(BackupService) private readonly backups: BackupService,
    @inject(RestoreService) private readonly restores: RestoreService,
    @inject(RetentionService) @optional() private readonly retention: RetentionService | undefined,
    @inject(CheckService) @optional() private readonly checks: CheckService | undefined,
    @inject(UnlockService) @optional() private readonly unlocks: UnlockService | undefined,
    @inject(CopyService) @optional() private readonly copies: CopyService | undefined,
  ) {
    jobs.onDidAppendLog((entry) => requestScope.getStore()?.onLog?.(entry.line));
    logService.onDidLogWarning((message) => requestScope.getStore()?.onWarning?.(message));
  }

  get kinds(): JobRequestKind[] {
    return [
      'backup', 'restore',
      ...(this.retention ? ['forget', 'prune'] as const : []),
      ...(this.checks ? ['check'] as const : []),
      ...(this.unlocks ? ['unlock'] as const : []),
      ...(this.copies ? ['copy'] as const : []),
    ];
  }

  async start<K extends JobRequestKind>(request: JobRequestOf<K>, listener: JobRequestListener, token: CancellationToken): Promise<JobRequestHandle<JobRequestResults[K]>> {
    return requestScope.run(listener, () => asOneCommand(() => this.dispatch(request, listener, token))) as Promise<JobRequestHandle<JobRequestResults[K]>>;
  }

  async repositoriesOf(request: JobRequest): Promise<string[]> {
    switch (request.kind) {
      case 'backup':
      case 'forget':
        return [(await this.plans.get(request.plan)).repository];
      case 'copy':
        // Unknown destinations are left to the copy itself, which names them.
        return [(await this.plans.get(request.plan)).repository, ...(request.to ?? copyTargetsOf(await this.config.get(), request.plan))];
      default:
        return [request.repository];
    }
  }

  private dispatch(request: JobRequest, listener: JobRequestListener, token: CancellationToken): Promise<JobRequestHandle<JobRequestResults[JobRequestKind]>> {
    switch (request.kind) {
      case 'backup':
        return this.backups.backup(request.plan, (progress) => listener.onProgress?.(progress), token, { trigger: 'manual', ...(request.force ? { forced: true } : {}) });
      case 'forget':
        return this.feature(this.retention, 'forget').forget(request.plan, {}, token);
      case 'prune':
        return this.feature(this.retention, 'prune').prune(request.repository, token);
      case 'check':
        return this.feature(this.checks, 'check').check(request.repository, request.readDataSubset ? { readDataSubset: request.readDataSubset } : {}, token);
      case 'unlock':
        return this.feature(this.unlocks, 'unlock').unlock(request.repository, token);
      case 'restore': {
        const { kind: _kind, ...restore } = request;
        return this.restores.restore(restore, token);
      }
      case 'copy':
        return this.copy(request, token);
    }
  }

  /** One handle for the jobs of all destinations: answered with the first destination's job, done when every one is. */
  private async copy(request: JobRequestOf<'copy'>, token: CancellationToken): Promise<JobRequestHandle<JobRequestResults['copy']>> {
    const handles = await this.feature(this.copies, 'copy').startCopies(request.plan, token, request.to);
    return { job: handles[0]!.job, jobs: handles.map((h) => h.job), joined: handles.every((h) => h.joined), done: Promise.all(handles.map((h) => h.done)) };
  }

  private feature<T>(service: T | undefined, kind: JobRequestKind): T {
    if (!service) throw new TimeLockerError('not-supported', `This kernel has no ${kind} (its feature module is not loaded).`);
    return service;
  }
}
