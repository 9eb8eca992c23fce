import { type Readable, Transform } from 'node:stream';
import { type CancellationToken, CancellationTokenSource } from '@timelocker/plugin-api';
import { inject, injectable, optional } from 'inversify';
import { AuditService } from '../audit/audit-service.js';
import { UsageError } from '../core/errors.js';
import { SnapshotService } from '../operations/snapshot-service.js';
import { TargetResolver } from '../operations/target-resolver.js';
import { ResticRunner } from '../restic/restic-runner.js';

export const FileDownload = Symbol('FileDownload');

export type ArchiveFormat = 'tar' | 'zip';

export interface DownloadOptions {
  /** `path` is a folder, streamed as an archive of this format; without it, `path` is a file, streamed as it is. */
  readonly archive?: ArchiveFormat;
  /** Who asked, for the audit log (e.g. `api:<token>`); the kernel's actor when unset. */
  readonly actor?: string;
}

/**
 * A file of a snapshot, or a folder as a tar/zip archive, as a stream (`restic dump`): what the file index's versions,
 * the snapshot browser and `timelocker dump` hand out.
 */
export interface FileDownload {
  /** Fails (not found, wrong password …) before the first byte; after it, a failure cuts the stream. Audited as data access. */
  open(repository: string, snapshot: string, path: string, options: DownloadOptions, token: CancellationToken): Promise<Readable>;
}

@injectable()
export class FileDownloadImpl implements FileDownload {
  constructor(
    @inject(SnapshotService) private readonly snapshots: SnapshotService,
    @inject(TargetResolver) private readonly targets: TargetResolver,
    @inject(ResticRunner) private readonly runner: ResticRunner,
    @inject(AuditService) @optional() private readonly audit: AuditService | undefined,
  ) {}

  async open(repository: string, ref: string, path: string, options: DownloadOptions, token: CancellationToken): Promise<Readable> {
    const { archive, actor } = options;
    if (!path.startsWith('/') || (!archive && path.endsWith('/'))) {
      throw new UsageError(`"${path}" must be the absolute path of a ${archive ? 'folder' : 'file'}, as stored in the snapshot.`);
    }
    const snapshot = await this.snapshots.resolve(repository, ref, token);
    const target = await this.targets.resolve(repository, { operation: 'browse' }, token);
    const source = new CancellationTokenSource(token);
    let started!: () => void;
    const firstByte = new Promise<void>((resolve) => (started = resolve));
    // Notices the first byte without reading the stream (a 'data' listener would drain it before the client does).
    const stream = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        started();
        callback(null, chunk);
      },
    });
    // The client went away (or the download finished): restic stops.
    stream.once('close', () => source.cancel());
    // Only reads: --no-lock, so a running forget or prune does not make it fail.
    const args = ['dump', '--no-lock', ...(archive ? ['--archive', archive] : []), snapshot.id, path];
    const run = this.runner.run(target, args, { stdout: stream }, source.token);
    try {
      await Promise.race([firstByte, run]);
    } catch (error) {
      source.dispose();
      stream.destroy();
      throw error;
    }
    run.then(() => stream.end(), (error: unknown) => stream.destroy(error as Error)).finally(() => source.dispose());
    await this.audit?.record({
      type: 'file.downloaded', severity: 'info', target: repository,
      details: { snapshot: snapshot.id, path, ...(archive ? { archive } : {}) }, ...(actor ? { actor } : {}),
    });
    return stream;
  }
}
