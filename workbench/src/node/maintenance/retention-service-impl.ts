import type { CancellationToken } from '@timelocker/plugin-api';
import { inject, injectable } from 'inversify';
import { ConfigService } from '../config/config-service.js';
import { UsageError } from '../core/errors.js';
import { type JobHandle, JobService } from '../jobs/job-service.js';
import { PlanService } from '../operations/plan-service.js';
import { planTag } from '../operations/snapshot-service.js';
import { TargetResolver } from '../operations/target-resolver.js';
import { type ForgetDecision, forgetDecisions } from '../restic/restic-forget-json.js';
import { ResticMaintenance } from '../restic/restic-maintenance.js';
import { retentionFor } from './maintenance-config.js';
import { attemptSummary, ResilientOperation } from '../restic/resilient-operation.js';
import type { ForgetOptions, ForgetRun, RetentionService } from './retention-service.js';

@injectable()
export class RetentionServiceImpl implements RetentionService {
  constructor(
    @inject(ConfigService) private readonly config: ConfigService,
    @inject(PlanService) private readonly plans: PlanService,
    @inject(TargetResolver) private readonly targets: TargetResolver,
    @inject(ResticMaintenance) private readonly restic: ResticMaintenance,
    @inject(ResilientOperation) private readonly resilient: ResilientOperation,
    @inject(JobService) private readonly jobs: JobService,
  ) {}

  async preview(planName: string, options: ForgetOptions, token: CancellationToken): Promise<ForgetRun> {
    const { repository, retention, base } = await this.retentionOf(planName, options, true);
    // A dry run changes nothing: it is not a job and does not queue behind the repository's jobs.
    const target = await this.targets.resolve(repository, { operation: 'list', plan: planName }, token);
    const { value } = await this.resilient.run(target, planName, () => this.restic.forget(target, retention.rules, planTag(planName), true, token), token);
    return { ...base, decisions: forgetDecisions(value) };
  }

  async forget(planName: string, options: ForgetOptions, token: CancellationToken): Promise<JobHandle<ForgetRun>> {
    const { repository, retention, base } = await this.retentionOf(planName, options, false);
    let decisions: ForgetDecision[] = [];
    const handle = await this.jobs.start({ kind: 'forget', repository, plan: planName, params: { rules: { ...retention.rules }, source: retention.source } }, async (context) => {
      const target = await this.targets.resolve(repository, { operation: 'forget', plan: planName }, context.token);
      const { value, attempts } = await this.resilient.run(target, planName, () => this.restic.forget(target, retention.rules, planTag(planName), false, context.token), context.token);
      decisions = forgetDecisions(value);
      const removed = decisions.filter((d) => d.action === 'remove');
      for (const d of decisions) context.log(`${d.action === 'remove' ? 'removed' : 'kept   '} ${d.shortId} ${d.time}${d.reasons.length ? ` (${d.reasons.join(', ')})` : ''}`);
      return { summary: { kept: decisions.length - removed.length, removed: removed.length, removedSnapshots: removed.map((d) => d.shortId), ...attemptSummary(attempts) } };
    }, token);
    return { ...handle, done: handle.done.then(({ job, cause }) => ({ ...base, decisions, job, ...(cause !== undefined ? { cause } : {}) })) };
  }

  async prune(repository: string, token: CancellationToken): Promise<JobHandle> {
    await this.targets.repositoryConfig(repository);
    return this.jobs.start({ kind: 'prune', repository }, async (context) => {
      const target = await this.targets.resolve(repository, { operation: 'prune' }, context.token);
      const { value, attempts } = await this.resilient.run(target, undefined, () => this.restic.prune(target, context.token, (line) => context.log(line)), context.token);
      const freed = /this removes:?\s+[\d,]+ blobs \/ ([\d.]+ \w+)/i.exec(value) ?? /total prune:?\s+[\d,]+ blobs \/ ([\d.]+ \w+)/i.exec(value);
      return { summary: { ...(freed ? { removedSize: freed[1]! } : {}), ...attemptSummary(attempts) } };
    }, token);
  }

  private async retentionOf(planName: string, options: ForgetOptions, dryRun: boolean) {
    const repository = options.repository ?? (await this.plans.get(planName)).repository;
    if (options.rules && !dryRun) throw new UsageError('Unsaved retention rules can only be previewed (dry run); save them to the plan first.');
    const retention = options.rules ? { rules: options.rules, source: 'preview' } : retentionFor(await this.config.get(), planName, repository);
    if (!retention) {
      throw new UsageError(`Plan "${planName}" has no retention policy: add "retention" to the plan (e.g. { "keepDaily": 7 }) or a top-level "retention" entry for one of its tags.`);
    }
    return { repository, retention, base: { plan: planName, repository, rules: retention.rules, source: retention.source, dryRun } };
  }
}
