import { stat } from 'node:fs/promises';
import type { CancellationToken } from '@timelocker/plugin-api';
import { inject, injectable, optional } from 'inversify';
import { UsageError } from '../core/errors.js';
import { AuditService } from '../audit/audit-service.js';
import { auditAnchorTag } from '../audit/audit-anchor-tags.js';
import { HookRunner } from '../hooks/hook-runner.js';
import { type JobContext, type JobHandle, type JobProgress, JobService } from '../jobs/job-service.js';
import { AfterBackupService } from './after-backup-service.js';
import { attemptSummary, ResilientOperation } from '../restic/resilient-operation.js';
import { ResticEngine } from '../restic/restic-engine.js';
import type { BackupOptions, BackupRun, BackupService } from './backup-service.js';
import { PlanService } from './plan-service.js';
import { planTag } from './snapshot-service.js';
import { TargetResolver } from './target-resolver.js';

@injectable()
export class BackupServiceImpl implements BackupService {
  constructor(
    @inject(PlanService) private readonly plans: PlanService,
    @inject(TargetResolver) private readonly targets: TargetResolver,
    @inject(ResticEngine) private readonly restic: ResticEngine,
    @inject(JobService) private readonly jobs: JobService,
    @inject(ResilientOperation) private readonly resilient: ResilientOperation,
    @inject(AfterBackupService) private readonly afterBackup: AfterBackupService,
    @inject(HookRunner) private readonly hooks: HookRunner,
    @inject(AuditService) @optional() private readonly audit: AuditService | undefined,
  ) {}

  /**
   * The audit head as a snapshot tag: off-site, encrypted, out of reach of whoever can write the data dir
   * (`audit verify --against`). A broken audit log leaves the snapshot without it; the backup still runs.
   */
  private async auditAnchor(context: JobContext): Promise<{ readonly tags: string[]; readonly seq?: number }> {
    if (!this.audit) return { tags: [] };
    try {
      const head = await this.audit.head();
      return { tags: [auditAnchorTag(head)], seq: head.seq };
    } catch (error) {
      context.log(`warning: the audit head is not recorded in this snapshot: ${(error as Error).message}`);
      return { tags: [] };
    }
  }

  async backup(planName: string, onProgress: (progress: JobProgress) => void, token: CancellationToken, options: BackupOptions = {}): Promise<JobHandle<BackupRun>> {
    const plan = await this.plans.get(planName);
    let unreadable: readonly string[] = [];
    const facts = { kind: 'backup' as const, plan: planName, repository: plan.repository, paths: plan.paths, tags: plan.tags };
    const spec = { kind: 'backup' as const, repository: plan.repository, plan: planName, params: { paths: plan.paths }, hold: `backup:${planName}` };
    const handle = await this.jobs.start(spec, (context) => this.hooks.around(facts, context, async () => {
        // Checked inside the job (after the "before" hooks, which may mount the source), so the failure is in Jobs.
        await this.checkSources(planName, plan.paths);
        // The audit head is read while the repository resolves (the plugin host's answer): neither waits for the other.
        const anchored = this.auditAnchor(context);
        const target = await this.targets.resolve(plan.repository, { operation: 'backup', plan: planName, ...options }, context.token).finally(() => anchored);
        const anchor = await anchored;
        const { value: outcome, attempts } = await this.resilient.run(target, planName, () => this.restic.backup(target, { paths: plan.paths, exclude: plan.exclude, tags: [...plan.tags, planTag(planName), ...anchor.tags] },
          (progress) => {
            context.reportProgress(progress);
            onProgress({ ...progress, jobId: context.jobId });
          }, context.token), context.token);
        unreadable = outcome.unreadable;
        // Said once the snapshot exists: a backup that fails before restic saves one records nothing.
        if (anchor.seq !== undefined && outcome.summary.snapshot_id) context.log(`audit head recorded in snapshot ${outcome.summary.snapshot_id.slice(0, 8)}: entry ${anchor.seq}`);
        for (const path of outcome.unreadable) context.log(`unreadable: ${path}`);
        // Nothing but `restic backup` runs in the job: its figures are restic's own summary; repository size is
        // sampled outside the repository's slot (StorageSampler).
        const s = outcome.summary;
        return {
          summary: {
            filesNew: s.files_new ?? 0, filesChanged: s.files_changed ?? 0, filesUnmodified: s.files_unmodified ?? 0,
            dirsNew: s.dirs_new ?? 0, dirsChanged: s.dirs_changed ?? 0, dirsUnmodified: s.dirs_unmodified ?? 0,
            dataAdded: s.data_added ?? 0, totalFilesProcessed: s.total_files_processed ?? 0,
            totalBytesProcessed: s.total_bytes_processed ?? 0, durationSeconds: s.total_duration ?? 0,
            ...(s.snapshot_id ? { snapshotId: s.snapshot_id } : {}),
            unreadableFiles: outcome.unreadable.length,
            ...(target.location.warnings?.length ? { warnings: [...target.location.warnings] } : {}),
            ...attemptSummary(attempts),
          },
          ...(outcome.unreadable.length ? { warning: `${outcome.unreadable.length} file(s) could not be read and are missing from the snapshot.` } : {}),
        };
      }), token);
    // A joined run belongs to whoever started it: its follow-ups run there, not twice.
    if (handle.joined) return { ...handle, done: handle.done.then(({ job, cause }) => ({ job, unreadable: [], ...(cause !== undefined ? { cause } : {}) })) };
    const done = handle.done.then(async ({ job, cause }): Promise<BackupRun> => {
      const followUps = job.status === 'succeeded' ? await this.afterBackup.run(planName, token) : [];
      return { job, unreadable, ...(cause !== undefined ? { cause } : {}), ...(followUps.length > 0 ? { followUps } : {}) };
    });
    return { ...handle, done };
  }

  private async checkSources(planName: string, paths: readonly string[]): Promise<void> {
    const missing: string[] = [];
    for (const path of paths) {
      if (!(await stat(path).then(() => true, () => false))) missing.push(path);
    }
    if (missing.length > 0) {
      throw new UsageError(`Plan "${planName}": ${missing.map((p) => `"${p}"`).join(', ')} ${missing.length === 1 ? 'does' : 'do'} not exist; nothing was backed up. Fix the plan's paths or mount the source.`);
    }
  }
}
