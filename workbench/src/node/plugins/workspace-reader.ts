import type { Event, JobDto, JobFilter, PlanDto, RepositoryDto, SnapshotDto } from '@timelocker/plugin-api';

export const WorkspaceReader = Symbol('WorkspaceReader');

/** What the plugin API's `workspace` namespace reads; implemented by the operations feature. */
export interface WorkspaceReader {
  getRepositories(): Promise<RepositoryDto[]>;
  getPlans(): Promise<PlanDto[]>;
  getSnapshots(repository: string): Promise<SnapshotDto[]>;
  getJobs(filter?: JobFilter): Promise<JobDto[]>;
  readonly onDidFinishJob: Event<JobDto>;
}
