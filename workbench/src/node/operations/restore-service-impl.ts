import { readdir, rm, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { CancellationToken } from '@timelocker/plugin-api';
import { inject, injectable, optional } from 'inversify';
import { AuditService } from '../audit/audit-service.js';
import { ConfigService } from '../config/config-service.js';
import { NotFoundError, OperationError, TimeLockerError, UsageError } from '../core/errors.js';
import { KernelOptions } from '../core/kernel-options.js';
import { whyNotWritable } from '../core/path-writability.js';
import { LogService, type Logger } from '../core/log-service.js';
import { type JobHandle, JobService } from '../jobs/job-service.js';
import { describeMismatches, verifyRestoredTree } from './restore-verification.js';
import { ResticEngine } from '../restic/restic-engine.js';
import { restoreThroughStaging, type Placement } from './restore-placement.js';
import type { RestoreConfig } from './restore-schema.js';
import type { RestorePreview, RestoreRequest, RestoreService } from './restore-service.js';
import { confinedTarget } from './restore-target.js';
import { SnapshotService } from './snapshot-service.js';
import { TargetResolver } from './target-resolver.js';

/** restic `--include` semantics for plain paths: the path itself, what lies under it, and its parent folders. */
function included(path: string, includes: readonly string[]): boolean {
  if (includes.length === 0) return true;
  return includes.some((inc) => {
    const base = inc.replace(/\/+$/, '');
    return path === base || path.startsWith(`${base}/`) || base.startsWith(`${path}/`);
  });
}

function listed(paths: readonly string[], limit = 10): string {
  return `${paths.slice(0, limit).join(', ')}${paths.length > limit ? ` and ${paths.length - limit} more` : ''}`;
}

@injectable()
export class RestoreServiceImpl implements RestoreService {
  private readonly logger: Logger;

  constructor(
    @inject(SnapshotService) private readonly snapshots: SnapshotService,
    @inject(TargetResolver) private readonly targets: TargetResolver,
    @inject(ResticEngine) private readonly restic: ResticEngine,
    @inject(JobService) private readonly jobs: JobService,
    @inject(ConfigService) private readonly config: ConfigService,
    @inject(KernelOptions) private readonly options: KernelOptions,
    @inject(LogService) logService: LogService,
    @inject(AuditService) @optional() private readonly audit: AuditService | undefined,
  ) {
    this.logger = logService.getLogger('restore');
  }

  async restore(request: RestoreRequest, token: CancellationToken): Promise<JobHandle> {
    const targetDir = await this.checkTarget(request);
    const snapshot = await this.snapshots.resolve(request.repository, request.snapshot, token);
    return this.jobs.start({ kind: 'restore', repository: request.repository, params: { snapshot: snapshot.id, target: targetDir, include: request.include } }, async (context) => {
      const target = await this.targets.resolve(request.repository, { operation: 'restore' }, context.token);
      const { outcome, placement } = await restoreThroughStaging(
        targetDir, request.include.length > 0 ? request.include : snapshot.paths,
        async (stagingDir) => {
          const restored = await this.restic.restore(target, { snapshotId: snapshot.id, targetDir: stagingDir, include: request.include, verify: request.verify }, context.token);
          // What restic wrote of a file it could not read whole is not the file: it does not reach the target.
          for (const file of restored.unrestored ?? []) await rm(join(stagingDir, file.path), { force: true });
          return restored;
        },
        (stagingDir, error) => this.logger.warn(`could not remove the staging folder ${stagingDir}: ${error.message}; remove it by hand`),
      );
      if (placement.restoredEntries === 0) {
        throw new NotFoundError(`No file matched in snapshot ${snapshot.id.slice(0, 8)}${request.include.length ? ` for --include ${request.include.join(', ')}` : ''}; nothing was restored. Include paths are absolute, as the snapshot stores them (see \`timelocker ls\`).`);
      }
      if (placement.overwritten.length > 0) await this.recordOverwrite(request, snapshot.id, targetDir, placement, context.jobId);
      if (outcome.unrestored?.length) {
        for (const file of outcome.unrestored) context.log(`not restored: ${file.path}: ${file.error}`);
        throw new OperationError(`${outcome.unrestored.length} file(s) of snapshot ${snapshot.id.slice(0, 8)} could not be restored: `
          + `${outcome.unrestored.slice(0, 10).map((file) => `${file.path} (${file.error})`).join(', ')}${outcome.unrestored.length > 10 ? ` and ${outcome.unrestored.length - 10} more (see the job's log)` : ''}. `
          + `Everything else was restored into ${targetDir}. The repository is damaged where these files are stored: `
          + `run \`timelocker check ${request.repository} --read-data-subset 100%\`, and restore them from an older snapshot or another repository.`);
      }
      if (placement.conflicts.length > 0) {
        throw new OperationError(`${placement.conflicts.length} path(s) were left as they are in ${targetDir}, a folder where the snapshot has a file or the other way round: ${listed(placement.conflicts)}`);
      }
      let checkedEntries: number | undefined;
      if (request.verify) {
        // restic --verify re-reads contents; this adds what it does not check: every listed entry exists, with size and mode.
        const nodes = (await this.restic.lsAll(target, snapshot.id, context.token)).filter((n) => included(n.path, request.include));
        const mismatches = await verifyRestoredTree(nodes, targetDir);
        if (mismatches.length > 0) throw new OperationError(describeMismatches(mismatches));
        checkedEntries = nodes.length;
      }
      return {
        summary: {
          snapshotId: snapshot.id, overwrittenPaths: placement.overwritten.length,
          ...(outcome.verifiedFiles !== undefined ? { verifiedFiles: outcome.verifiedFiles } : {}), ...(checkedEntries !== undefined ? { checkedEntries } : {}),
        },
      };
    }, token);
  }

  async preview(request: RestoreRequest, token: CancellationToken): Promise<RestorePreview> {
    // What the target holds is none of a confined caller's business outside the folders it may restore into.
    if (request.confined) await this.confine(request.target);
    const snapshot = await this.snapshots.resolve(request.repository, request.snapshot, token);
    const target = await this.targets.resolve(request.repository, { operation: 'browse' }, token);
    const nodes = (await this.restic.lsAll(target, snapshot.id, token)).filter((n) => n.type !== 'dir' && included(n.path, request.include));
    return { snapshotId: snapshot.id, files: nodes.length, bytes: nodes.reduce((sum, n) => sum + (n.size ?? 0), 0), paths: nodes.map((n) => n.path) };
  }

  /** The folder the restore goes into, once the request may write there. */
  private async checkTarget(request: RestoreRequest): Promise<string> {
    if (!isAbsolute(request.target)) throw new UsageError(`Restore target "${request.target}" must be an absolute path.`);
    let targetDir = request.target;
    if (request.confined) {
      if (request.overwrite) throw new TimeLockerError('forbidden', 'Only an admin may restore with overwrite; restore into a new or empty folder instead.');
      targetDir = await this.confine(request.target);
    }
    const existing = await stat(targetDir).catch(() => undefined);
    if (existing && !existing.isDirectory()) throw new UsageError(`Restore target "${request.target}" is not a folder.`);
    // Checked before the job starts: the folder is made and written only once the snapshot is being read.
    const problem = await whyNotWritable(targetDir);
    if (problem !== undefined) throw new UsageError(`Restore target "${request.target}" ${problem}; choose another folder.`);
    if (existing && (await readdir(targetDir)).length > 0 && !request.overwrite) {
      throw new UsageError(`Restore target "${request.target}" is not empty; choose an empty folder, or pass --overwrite to replace what is in the way.`);
    }
    return targetDir;
  }

  /** The target as it lies on disk, when it is inside restore.allowedTargets; a confined caller may go nowhere else. */
  private async confine(target: string): Promise<string> {
    const roots = await this.allowedTargets();
    const inside = await confinedTarget(target, roots);
    if (inside === undefined) {
      throw new TimeLockerError('forbidden', `Restore target "${target}" is outside the folders this role may restore into: ${roots.join(', ')} (config "restore": { "allowedTargets": [...] }).`);
    }
    return inside;
  }

  private async allowedTargets(): Promise<readonly string[]> {
    const configured = ((await this.config.get())['restore'] as RestoreConfig | undefined)?.allowedTargets;
    return configured?.length ? configured : [join(this.options.dataDir, 'restores')];
  }

  private async recordOverwrite(request: RestoreRequest, snapshotId: string, targetDir: string, placement: Placement, jobId: string): Promise<void> {
    if (!this.audit) return;
    await this.audit.record({
      type: 'restore.overwrote', severity: 'warning', target: request.repository,
      details: { jobId, snapshot: snapshotId, targetDir, overwrittenPaths: placement.overwritten.length },
      ...(request.actor ? { actor: request.actor } : {}),
    });
  }
}
