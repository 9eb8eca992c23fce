import { type Readable, Transform } from 'node:stream';
import { type CancellationToken, CancellationTokenSource } from '@timelocker/plugin-api';
import { inject, injectable, optional } from 'inversify';
import { AuditService } from '../audit/audit-service.js';
import { UsageError } from '../core/errors.js';
import { SnapshotService } from '../operations/snapshot-service.js';
import { TargetResolver } from '../operations/target-resolver.js';
import { ResticRunner } from '../restic/restic-runner.js';

export const FileDownload = Symbol('FileDownload');

/** One file of one snapshot as a stream (`restic dump`), e.g. a version picked from the file index. */
export interface FileDownload {
  /** Fails (not found, wrong password …) before the first byte; after it, a failure cuts the stream. Audited as data access. */
  open(repository: string, snapshot: string, path: string, token: CancellationToken): Promise<Readable>;
}

@injectable()
export class FileDownloadImpl implements FileDownload {
  constructor(
    @inject(SnapshotService) private readonly snapshots: SnapshotService,
    @inject(TargetResolver) private readonly targets: TargetResolver,
    @inject(ResticRunner) private readonly runner: ResticRunner,
    @inject(AuditService) @optional() private readonly audit: AuditService | undefined,
  ) {}

  async open(repository: string, ref: string, path: string, token: CancellationToken): Promise<Readable> {
    if (!path.startsWith('/') || path.endsWith('/')) throw new UsageError(`"${path}" must be the absolute path of a file, as stored in the snapshot.`);
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
    // The client went away (or the download finished): restic stops, and removes its lock.
    stream.once('close', () => source.cancel());
    const run = this.runner.run(target, ['dump', snapshot.id, path], { stdout: stream }, source.token);
    try {
      await Promise.race([firstByte, run]);
    } catch (error) {
      source.dispose();
      stream.destroy();
      throw error;
    }
    run.then(() => stream.end(), (error: unknown) => stream.destroy(error as Error)).finally(() => source.dispose());
    await this.audit?.record({ type: 'file.downloaded', severity: 'info', target: repository, details: { snapshot: snapshot.id, path } });
    return stream;
  }
}
