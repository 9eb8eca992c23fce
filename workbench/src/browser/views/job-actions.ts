import type { JobDto, StartJob } from '../api/api-types.js';
import type { WorkbenchState } from '../state/workbench-state.js';
import { JobDetails } from './job-details.js';

/** A job's tab: live progress, summary and log. */
export function openJob(state: WorkbenchState, job: JobDto): void {
  const details = new JobDetails();
  details.state = state;
  details.jobId = job.id;
  state.openEditor({ id: `job:${job.id}`, title: `${job.kind} ${job.plan ?? job.repository}`, element: details });
}

/** Starts a job on the server; `open` shows its tab at once (maintenance), otherwise the status bar and panel show it. */
export async function startJob(state: WorkbenchState, spec: StartJob, what: string, open = true): Promise<JobDto | undefined> {
  const job = await state.attempt(what, () => state.api.startJob(spec));
  if (!job) return undefined;
  state.started(job);
  if (open) openJob(state, job);
  return job;
}
