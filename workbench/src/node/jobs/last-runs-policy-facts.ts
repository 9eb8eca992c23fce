import type { JobDto, LastRunDto } from '@timelocker/plugin-api';
import { inject, injectable } from 'inversify';
import { JobStore } from '../catalog/job-store.js';
import type { PolicyFacts, PolicyFactsContribution } from '../policies/policy-facts-contribution.js';
import type { PolicyScope } from '../policies/policy-service.js';

/** How many of the newest successful jobs (of the plan, of the repository) to look through: a repository never checked costs no walk through years of history. */
export const LAST_RUN_HORIZON = 200;

const lastRun = (job: JobDto): LastRunDto => ({ jobId: job.id, finishedAt: job.finishedAt! });

/** Policy rules see the scope's newest successful backup and its repository's newest successful check, from one pass over the job history. */
@injectable()
export class LastRunsPolicyFacts implements PolicyFactsContribution {
  constructor(@inject(JobStore) private readonly jobs: JobStore) {}

  async facts(_config: unknown, { repository, plan }: PolicyScope): Promise<PolicyFacts> {
    let backup: JobDto | undefined;
    let check: JobDto | undefined;
    let ofRepository = 0;
    let ofScope = 0;
    // Newest finished first, so the first match of each kind is the newest.
    await this.jobs.scan({ status: 'succeeded', repository }, (job) => {
      ofRepository++;
      if (!check && ofRepository <= LAST_RUN_HORIZON && job.kind === 'check' && job.finishedAt) check = job;
      if (plan === undefined || job.plan === plan) {
        ofScope++;
        if (!backup && ofScope <= LAST_RUN_HORIZON && job.kind === 'backup' && job.finishedAt) backup = job;
      }
      return !((backup || ofScope >= LAST_RUN_HORIZON) && (check || ofRepository >= LAST_RUN_HORIZON));
    });
    return { ...(backup ? { lastBackup: lastRun(backup) } : {}), ...(check ? { lastCheck: lastRun(check) } : {}) };
  }
}
