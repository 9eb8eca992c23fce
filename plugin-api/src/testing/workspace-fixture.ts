import type { JobDto, PlanDto, RepositoryDto, SnapshotDto } from '../dto.js';

/** What `api.workspace` answers inside a test host; everything is empty unless a test sets it. */
export interface WorkspaceFixture {
  /** `workspace.getRepositories()`. */
  readonly repositories: readonly RepositoryDto[];
  /** `workspace.getPlans()`. */
  readonly plans: readonly PlanDto[];
  /** Snapshots by repository name. */
  readonly snapshots: Readonly<Record<string, readonly SnapshotDto[]>>;
  /** `workspace.getJobs()` (filtered as TimeLocker filters). */
  readonly jobs: readonly JobDto[];
}

/** Nothing configured, nothing happened. */
export const emptyWorkspace: WorkspaceFixture = { repositories: [], plans: [], snapshots: {}, jobs: [] };
