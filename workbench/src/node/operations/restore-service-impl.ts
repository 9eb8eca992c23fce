import { readdir } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import type { CancellationToken } from '@timelocker/plugin-api';
import { inject, injectable } from 'inversify';
import { OperationError, UsageError } from '../core/errors.js';
import { type JobHandle, JobService } from '../jobs/job-service.js';
import { describeMismatches, verifyRestoredTree } from '../maintenance/restore-verification.js';
import { ResticEngine } from '../restic/restic-engine.js';
import type { RestorePreview, RestoreRequest, RestoreService } from './restore-service.js';
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

@injectable()
export class RestoreServiceImpl implements RestoreService {
  constructor(
    @inject(SnapshotService) private readonly snapshots: SnapshotService,
    @inject(TargetResolver) private readonly targets: TargetResolver,
    @inject(ResticEngine) private readonly restic: ResticEngine,
    @inject(JobService) private readonly jobs: JobService,
  ) {}

  async restore(request: RestoreRequest, token: CancellationToken): Promise<JobHandle> {
    await this.checkTarget(request);
    const snapshot = await this.snapshots.resolve(request.repository, request.snapshot, token);
    return this.jobs.start({ kind: 'restore', repository: request.repository, params: { snapshot: snapshot.id, target: request.target, include: request.include } }, async (context) => {
      const target = await this.targets.resolve(request.repository, { operation: 'restore' }, context.token);
      const outcome = await this.restic.restore(target, { snapshotId: snapshot.id, targetDir: request.target, include: request.include, verify: request.verify }, context.token);
      let checkedEntries: number | undefined;
      if (request.verify) {
        // restic --verify re-reads contents; this adds what it does not check: every listed entry exists, with size and mode.
        const nodes = (await this.restic.lsAll(target, snapshot.id, context.token)).filter((n) => included(n.path, request.include));
        const mismatches = await verifyRestoredTree(nodes, request.target);
        if (mismatches.length > 0) throw new OperationError(describeMismatches(mismatches));
        checkedEntries = nodes.length;
      }
      return { summary: { snapshotId: snapshot.id, ...(outcome.verifiedFiles !== undefined ? { verifiedFiles: outcome.verifiedFiles } : {}), ...(checkedEntries !== undefined ? { checkedEntries } : {}) } };
    }, token);
  }

  async preview(request: RestoreRequest, token: CancellationToken): Promise<RestorePreview> {
    const snapshot = await this.snapshots.resolve(request.repository, request.snapshot, token);
    const target = await this.targets.resolve(request.repository, { operation: 'browse' }, token);
    const nodes = (await this.restic.lsAll(target, snapshot.id, token)).filter((n) => n.type !== 'dir' && included(n.path, request.include));
    return { snapshotId: snapshot.id, files: nodes.length, bytes: nodes.reduce((sum, n) => sum + (n.size ?? 0), 0), paths: nodes.map((n) => n.path) };
  }

  private async checkTarget(request: RestoreRequest): Promise<void> {
    if (!isAbsolute(request.target)) throw new UsageError(`Restore target "${request.target}" must be an absolute path.`);
    const entries = await readdir(request.target).catch(() => [] as string[]);
    if (entries.length > 0 && !request.overwrite) {
      throw new UsageError(`Restore target "${request.target}" is not empty; choose an empty folder, or pass --overwrite to let restic replace files there.`);
    }
  }
}
