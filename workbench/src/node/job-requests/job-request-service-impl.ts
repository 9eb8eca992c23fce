import { AsyncLocalStorage } from 'node:async_hooks';
import type { CancellationToken } from '@timelocker/plugin-api';
import { inject, injectable, optional } from 'inversify';
import { TimeLockerError } from '../core/errors.js';
import { asOneCommand } from '../core/log-once.js';
import { LogService } from '../core/log-service.js';
import { type JobHandle, JobService } from '../jobs/job-service.js';
import { CheckService } from '../maintenance/check-service.js';
import { RetentionService } from '../maintenance/retention-service.js';
import { UnlockService } from '../maintenance/unlock-service.js';
import { BackupService } from '../operations/backup-service.js';
import { PlanService } from '../operations/plan-service.js';
import { RestoreService } from '../operations/restore-service.js';
import type { JobRequest, JobRequestKind, JobRequestListener, JobRequestOf, JobRequestResults, JobRequestService } from './job-request-service.js';

/** Which request the work in progress belongs to: job output is heard in the async context of the job that wrote it. */
const requestScope = new AsyncLocalStorage<JobRequestListener>();

@injectable()
export class JobRequestServiceImpl implements JobRequestService {
  constructor(
    @inject(JobService) jobs: JobService,
    @inject(LogService) logService: LogService,
    @inject(PlanService) private readonly plans: PlanService,
    @inject(BackupService) private readonly backups: BackupService,
    @inject(RestoreService) private readonly restores: RestoreService,
    @inject(RetentionService) @optional() private readonly retention: RetentionService | undefined,
    @inject(CheckService) @optional() private readonly checks: CheckService | undefined,
    @inject(UnlockService) @optional() private readonly unlocks: UnlockService | undefined,
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
    ];
  }

  async start<K extends JobRequestKind>(request: JobRequestOf<K>, listener: JobRequestListener, token: CancellationToken): Promise<JobHandle<JobRequestResults[K]>> {
    return requestScope.run(listener, () => asOneCommand(() => this.dispatch(request, listener, token))) as Promise<JobHandle<JobRequestResults[K]>>;
  }

  async repositoriesOf(request: JobRequest): Promise<string[]> {
    return request.kind === 'backup' || request.kind === 'forget' ? [(await this.plans.get(request.plan)).repository] : [request.repository];
  }

  private dispatch(request: JobRequest, listener: JobRequestListener, token: CancellationToken): Promise<JobHandle<JobRequestResults[JobRequestKind]>> {
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
    }
  }

  private feature<T>(service: T | undefined, kind: JobRequestKind): T {
    if (!service) throw new TimeLockerError('not-supported', `This kernel has no ${kind} (its maintenance feature is not loaded).`);
    return service;
  }
}
