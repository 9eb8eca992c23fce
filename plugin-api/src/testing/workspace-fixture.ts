import type { JobDto, PlanDto, RepositoryDto, SnapshotDto } from '../dto.js';

/** What `api.workspace` answers inside a test host; everything is empty unless a test sets it. */
export interface WorkspaceFixture {
  readonly repositories: readonly RepositoryDto[];
  readonly plans: readonly PlanDto[];
  /** Snapshots by repository name. */
  readonly snapshots: Readonly<Record<string, readonly SnapshotDto[]>>;
  readonly jobs: readonly JobDto[];
}

export const emptyWorkspace: WorkspaceFixture = { repositories: [], plans: [], snapshots: {}, jobs: [] };
