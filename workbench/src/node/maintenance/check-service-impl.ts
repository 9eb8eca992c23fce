import type { CancellationToken } from '@timelocker/plugin-api';
import { inject, injectable } from 'inversify';
import { type JobHandle, JobService } from '../jobs/job-service.js';
import { TargetResolver } from '../operations/target-resolver.js';
import { ResticMaintenance } from '../restic/restic-maintenance.js';
import type { CheckRequest, CheckService } from './check-service.js';
import { UsageError } from '../core/errors.js';
import { readDataSubsetProblem } from './read-data-subset.js';
import { attemptSummary, ResilientOperation } from '../restic/resilient-operation.js';

@injectable()
export class CheckServiceImpl implements CheckService {
  constructor(
    @inject(TargetResolver) private readonly targets: TargetResolver,
    @inject(ResticMaintenance) private readonly restic: ResticMaintenance,
    @inject(ResilientOperation) private readonly resilient: ResilientOperation,
    @inject(JobService) private readonly jobs: JobService,
  ) {}

  async check(repository: string, request: CheckRequest, token: CancellationToken): Promise<JobHandle> {
    await this.targets.repositoryConfig(repository);
    const subsetProblem = request.readDataSubset ? readDataSubsetProblem(request.readDataSubset) : undefined;
    if (subsetProblem) throw new UsageError(subsetProblem);
    const params = request.readDataSubset ? { readDataSubset: request.readDataSubset } : {};
    return this.jobs.start({ kind: 'check', repository, ...(request.plan ? { plan: request.plan } : {}), params }, async (context) => {
      const target = await this.targets.resolve(repository, { operation: 'check', ...(request.plan ? { plan: request.plan } : {}) }, context.token);
      const { attempts } = await this.resilient.run(target, request.plan, () => this.restic.check(target, { ...(request.readDataSubset ? { readDataSubset: request.readDataSubset } : {}), onLine: (line) => context.log(line) }, context.token), context.token);
      return { summary: { ...params, ...attemptSummary(attempts) } };
    }, token);
  }
}
