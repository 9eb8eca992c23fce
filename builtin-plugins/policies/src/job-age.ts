import type { JobDto, JobKind, WorkspaceApi } from '@timelocker/plugin-api';

export type JobReader = Pick<WorkspaceApi, 'getJobs'>;

/** How many of the newest succeeded jobs to look through for one of the wanted kind. */
const SCAN = 200;

/** The newest succeeded job of `kind` for the plan (or the repository), by finish time. */
export async function lastSucceeded(jobs: JobReader, kind: JobKind, scope: { readonly repository: string; readonly plan?: string }): Promise<JobDto | undefined> {
  const found = await jobs.getJobs({ status: 'succeeded', repository: scope.repository, ...(scope.plan ? { plan: scope.plan } : {}), limit: SCAN });
  return found.filter((j) => j.kind === kind && j.finishedAt).sort((a, b) => b.finishedAt!.localeCompare(a.finishedAt!))[0];
}

export function hoursBetween(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / 3_600_000;
}

export function age(hours: number): string {
  return hours >= 48 ? `${(hours / 24).toFixed(1)} days` : `${hours.toFixed(1)} hours`;
}
