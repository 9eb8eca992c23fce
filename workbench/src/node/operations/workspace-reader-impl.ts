import type { JobDto, JobFilter, PlanDto, RepositoryDto, SnapshotDto } from '@timelocker/plugin-api';
import { inject, injectable } from 'inversify';
import { JobStore } from '../catalog/job-store.js';
import { SnapshotCache } from '../catalog/snapshot-cache.js';
import { JobService } from '../jobs/job-service.js';
import type { WorkspaceReader } from '../plugins/workspace-reader.js';
import { PlanService } from './plan-service.js';
import { RepositoryService } from './repository-service.js';

/** Plugins read the workspace from config and catalog only; they never trigger restic runs. */
@injectable()
export class WorkspaceReaderImpl implements WorkspaceReader {
  constructor(
    @inject(RepositoryService) private readonly repositories: RepositoryService,
    @inject(PlanService) private readonly plans: PlanService,
    @inject(SnapshotCache) private readonly snapshots: SnapshotCache,
    @inject(JobStore) private readonly jobStore: JobStore,
    @inject(JobService) private readonly jobService: JobService,
  ) {}

  get onDidFinishJob() {
    return this.jobService.onDidFinishJob;
  }

  getRepositories(): Promise<RepositoryDto[]> {
    return this.repositories.list();
  }

  getPlans(): Promise<PlanDto[]> {
    return this.plans.list();
  }

  getSnapshots(repository: string): Promise<SnapshotDto[]> {
    return this.snapshots.list(repository);
  }

  getJobs(filter?: JobFilter): Promise<JobDto[]> {
    return this.jobStore.list(filter);
  }
}
