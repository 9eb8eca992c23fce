import type { CancellationToken, JobDto } from '@timelocker/plugin-api';
import { inject, injectable } from 'inversify';
import { JobStore } from '../catalog/job-store.js';
import { ConfigService } from '../config/config-service.js';
import { OperationError, UsageError } from '../core/errors.js';
import { LogService } from '../core/log-service.js';
import { type JobHandle, JobService, outcomeOf } from '../jobs/job-service.js';
import { retentionFor } from '../maintenance/maintenance-config.js';
import { attemptSummary, ResilientOperation } from '../restic/resilient-operation.js';
import { RetentionService } from '../maintenance/retention-service.js';
import { PlanService } from '../operations/plan-service.js';
import { planTag } from '../operations/snapshot-service.js';
import { TargetResolver } from '../operations/target-resolver.js';
import { ResticEngine, type ResticTarget } from '../restic/restic-engine.js';
import type { ResticSnapshot } from '../restic/restic-json.js';
import { ResticRunner } from '../restic/restic-runner.js';
import type { CopyRun, CopyService, PlanCopyStatus, SnapshotCopy } from './copy-service.js';
import { copyTargetsOf } from './copy-schema.js';
import { copyRecords, planCopyStatus } from './copy-status.js';
import { copyTarget } from '../restic/copy-target.js';

/**
 * The source snapshots a destination still lacks: newer than the newest it holds (so snapshots its own retention
 * removed are not copied again), or only the latest one when it holds none of the plan's yet.
 */
export function snapshotsToCopy(source: readonly ResticSnapshot[], existing: readonly ResticSnapshot[]): ResticSnapshot[] {
  const copied = new Set(existing.map((s) => s.original).filter((id): id is string => id !== undefined));
  const candidates = source.filter((s) => !copied.has(s.id)).sort((a, b) => a.time.localeCompare(b.time));
  if (existing.length === 0) return candidates.slice(-1);
  const newest = existing.reduce((max, s) => (s.time > max ? s.time : max), '');
  return candidates.filter((s) => s.time > newest);
}

@injectable()
export class CopyServiceImpl implements CopyService {
  constructor(
    @inject(ConfigService) private readonly config: ConfigService,
    @inject(PlanService) private readonly plans: PlanService,
    @inject(TargetResolver) private readonly targets: TargetResolver,
    @inject(ResticEngine) private readonly restic: ResticEngine,
    @inject(ResticRunner) private readonly runner: ResticRunner,
    @inject(ResilientOperation) private readonly resilient: ResilientOperation,
    @inject(JobService) private readonly jobs: JobService,
    @inject(JobStore) private readonly store: JobStore,
    @inject(RetentionService) private readonly retention: RetentionService,
    @inject(LogService) private readonly logs: LogService,
  ) {}

  async copyPlan(plan: string, token: CancellationToken, destinations?: readonly string[]): Promise<CopyRun[]> {
    return Promise.all((await this.startCopies(plan, token, destinations)).map((handle) => handle.done));
  }

  async startCopies(plan: string, token: CancellationToken, destinations?: readonly string[]): Promise<Array<JobHandle<CopyRun>>> {
    // PlanService names an unknown plan (and the configured ones) as every other command does.
    const source = (await this.plans.get(plan)).repository;
    const config = await this.config.get();
    const targets = destinations ?? copyTargetsOf(config, plan);
    for (const name of targets) {
      if (!config.repositories[name]) throw new UsageError(`Unknown repository "${name}".`);
      if (name === source) throw new UsageError(`"${name}" is plan "${plan}"'s own repository; copies go to other repositories.`);
    }
    if (targets.length === 0) throw new UsageError(`Plan "${plan}" copies nowhere: add "copyTo": ["REPOSITORY"] to it, or name the destinations (\`copy --to\`, "to" in the API).`);
    // Each destination in its own queue: a slow or unreachable one does not hold up the others.
    return Promise.all(targets.map((destination) => this.copyTo(plan, source, destination, token)));
  }

  private async copyTo(plan: string, source: string, destination: string, token: CancellationToken): Promise<JobHandle<CopyRun>> {
    const handle = await this.jobs.start({ kind: 'copy', repository: destination, plan, params: { source } }, async (context) => {
      const from = await this.targets.resolve(source, { operation: 'copy', plan }, context.token);
      const to = await this.targets.resolve(destination, { operation: 'copy', plan }, context.token);
      this.logs.addSecret(from.password);
      const pending = snapshotsToCopy(await this.planSnapshots(from, plan, context.token), await this.planSnapshots(to, plan, context.token));
      if (pending.length === 0) return { summary: { source, copied: 0, copies: [] } };
      const { attempts } = await this.resilient.run(to, plan, () => this.runner.run(copyTarget(from, to), ['copy', ...pending.map((s) => s.id)], { collectStdout: true, progress: true }, context.token), context.token);
      // Verified only when the destination lists each copy with the source's tree.
      const listed = await this.planSnapshots(to, plan, context.token);
      const copies = pending.map((s) => {
        const copy = listed.find((d) => d.original === s.id);
        if (!copy || copy.tree !== s.tree) {
          throw new OperationError(`The copy of snapshot ${s.short_id} is ${copy ? `not the same (tree ${copy.tree.slice(0, 8)} instead of ${s.tree.slice(0, 8)})` : 'missing'} in repository "${destination}" after restic copy; run \`timelocker check ${destination}\`.`);
        }
        return { source: s.id, copy: copy.id, tree: copy.tree };
      });
      return { summary: { source, copied: copies.length, copies, snapshotId: copies.at(-1)!.copy.slice(0, 8), ...attemptSummary(attempts) } };
    }, token);
    return {
      ...handle,
      done: handle.done.then(async ({ job, cause }) => {
        const retention = job.status === 'succeeded' ? await this.applyRetention(plan, destination, token) : undefined;
        return { destination, job, ...(cause !== undefined ? { cause } : {}), ...(retention ? { retention } : {}) };
      }),
    };
  }

  private async planSnapshots(target: ResticTarget, plan: string, token: CancellationToken): Promise<ResticSnapshot[]> {
    const tag = planTag(plan);
    const { value } = await this.resilient.run(target, plan, () => this.restic.snapshots(target, token), token);
    return value.filter((s) => s.tags?.includes(tag));
  }

  /** The destination's retention (its own, else the plan's), unless the plan turned retention after backups off. */
  private async applyRetention(plan: string, destination: string, token: CancellationToken): Promise<CopyRun['retention']> {
    const config = await this.config.get();
    if (config.plans[plan]?.['afterBackup'] === 'none' || !retentionFor(config, plan, destination)) return undefined;
    const run = await outcomeOf(this.retention.forget(plan, { repository: destination }, token));
    return run.job ? { job: run.job, ...(run.cause !== undefined ? { cause: run.cause } : {}) } : undefined;
  }

  async copiesOf(token: CancellationToken): Promise<Map<string, SnapshotCopy[]>> {
    const config = await this.config.get();
    const verified = new Map<string, string>();
    for (const job of (await this.store.list({ status: 'succeeded' })).filter((j) => j.kind === 'copy')) {
      for (const record of copyRecords(job)) if (!verified.has(record.copy)) verified.set(record.copy, job.finishedAt ?? job.queuedAt);
    }
    const copies = new Map<string, SnapshotCopy[]>();
    await Promise.all(Object.keys(config.repositories).map(async (repository) => {
      try {
        const target = await this.targets.resolve(repository, { operation: 'list' }, token);
        for (const s of await this.restic.snapshots(target, token)) {
          if (!s.original) continue;
          const at = verified.get(s.id);
          copies.set(s.original, [...(copies.get(s.original) ?? []), { repository, id: s.id, shortId: s.short_id, ...(at ? { verifiedAt: at } : {}) }]);
        }
      } catch (error) {
        this.logs.getLogger('copies').warn(`${repository}: not searched for copies: ${(error as Error).message}`);
      }
    }));
    return copies;
  }

  async planStatus(): Promise<PlanCopyStatus[]> {
    const config = await this.config.get();
    const plans = Object.entries(config.plans).filter(([name]) => copyTargetsOf(config, name).length > 0);
    if (plans.length === 0) return [];
    // Plans that never backed up have no snapshot to copy; the others' totals in the catalog say when they last did.
    const lastSuccess = (await this.store.planHealth()).filter((h) => h.lastSuccess !== null && plans.some(([name]) => name === h.plan));
    const open = new Set(lastSuccess.map((h) => h.plan));
    const jobs: JobDto[] = [];
    if (open.size > 0) {
      const since = lastSuccess.map((h) => h.lastSuccess!).sort()[0]!;
      await this.store.scan({ finishedSince: since }, (job) => {
        if (job.plan === undefined || !open.has(job.plan)) return true;
        jobs.push(job);
        // Newest first: the copies of a plan's latest snapshot ran after its backup, so reading ends there.
        if (job.kind === 'backup' && job.status === 'succeeded' && job.summary?.snapshotId) open.delete(job.plan);
        return open.size > 0;
      });
    }
    return plans.map(([name, plan]) => planCopyStatus(name, plan.repository, copyTargetsOf(config, name), jobs));
  }
}
