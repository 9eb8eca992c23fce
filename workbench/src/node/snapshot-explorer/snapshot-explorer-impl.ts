import { lstat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Transform } from 'node:stream';
import { type CancellationToken, CancellationTokenSource, type SnapshotDto } from '@timelocker/plugin-api';
import { inject, injectable } from 'inversify';
import { UsageError } from '../core/errors.js';
import { RestoreService } from '../operations/restore-service.js';
import { type SnapshotEntry, SnapshotService, toSnapshotEntry } from '../operations/snapshot-service.js';
import { TargetResolver } from '../operations/target-resolver.js';
import { DiffCollector } from '../restic/restic-diff-json.js';
import { isRecord, parseJsonLine, type ResticNode } from '../restic/restic-json.js';
import { ResticRunner } from '../restic/restic-runner.js';
import type { ArchiveFormat, RestoreImpact, SnapshotComparison, SnapshotDownload, SnapshotExplorer, SnapshotSearch } from './snapshot-explorer.js';

const archiveTypes: Record<ArchiveFormat, string> = { tar: 'application/x-tar', zip: 'application/zip' };

/** Everything here only reads: restic runs with --no-lock, so a running forget or prune does not make it fail. */
@injectable()
export class SnapshotExplorerImpl implements SnapshotExplorer {
  constructor(
    @inject(SnapshotService) private readonly snapshots: SnapshotService,
    @inject(TargetResolver) private readonly targets: TargetResolver,
    @inject(ResticRunner) private readonly runner: ResticRunner,
    @inject(RestoreService) private readonly restores: RestoreService,
  ) {}

  async search(repository: string, ref: string, query: string, limit: number, token: CancellationToken): Promise<SnapshotSearch> {
    const needle = query.trim().toLowerCase();
    if (!needle) throw new UsageError('Type part of a file or folder name to search for.');
    const snapshot = await this.snapshots.resolve(repository, ref, token);
    const target = await this.targets.resolve(repository, { operation: 'browse' }, token);
    const matches: SnapshotEntry[] = [];
    let total = 0;
    const byPath = needle.includes('/');
    await this.runner.run(target, ['ls', '--json', '--no-lock', snapshot.id], {
      onStdoutLine: (line) => {
        const node = parseJsonLine(line);
        if (!isRecord(node) || node['struct_type'] !== 'node') return;
        const entry = node as unknown as ResticNode;
        if (!(byPath ? entry.path : entry.name).toLowerCase().includes(needle)) return;
        if (++total <= limit) matches.push(toSnapshotEntry(entry));
      },
    }, token);
    return { snapshotId: snapshot.id, matches, total };
  }

  async download(repository: string, ref: string, path: string, format: ArchiveFormat, token: CancellationToken): Promise<SnapshotDownload> {
    const snapshot = await this.snapshots.resolve(repository, ref, token);
    const folder = await this.isFolder(repository, snapshot, path, token);
    const target = await this.targets.resolve(repository, { operation: 'browse' }, token);
    const source = new CancellationTokenSource(token);
    let started!: () => void;
    const firstByte = new Promise<void>((resolve) => (started = resolve));
    const stream = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        started();
        callback(null, chunk);
      },
    });
    // The client went away (or the download finished): restic stops, and removes its lock.
    stream.once('close', () => source.cancel());
    const run = this.runner.run(target, ['dump', '--no-lock', ...(folder ? ['--archive', format] : []), snapshot.id, path], { stdout: stream }, source.token);
    try {
      // Until the first byte, a failure is an answer (not found, wrong password); after it, it can only cut the stream.
      await Promise.race([firstByte, run]);
    } catch (error) {
      source.dispose();
      stream.destroy();
      throw error;
    }
    run.then(() => stream.end(), (error: unknown) => stream.destroy(error as Error)).finally(() => source.dispose());
    const name = path === '/' ? `snapshot-${snapshot.shortId}` : basename(path);
    return folder
      ? { fileName: `${name}.${format}`, contentType: archiveTypes[format], stream }
      : { fileName: name, contentType: 'application/octet-stream', stream };
  }

  async compare(repository: string, from: string, to: string, token: CancellationToken): Promise<SnapshotComparison> {
    const [a, b] = [await this.snapshots.resolve(repository, from, token), await this.snapshots.resolve(repository, to, token)];
    const target = await this.targets.resolve(repository, { operation: 'browse' }, token);
    const collector = new DiffCollector();
    await this.runner.run(target, ['diff', '--json', '--no-lock', a.id, b.id], { onStdoutLine: (line) => collector.add(line) }, token);
    return { from: a.id, to: b.id, ...collector.result() };
  }

  async restoreImpact(repository: string, ref: string, include: readonly string[], target: string, limit: number, token: CancellationToken): Promise<RestoreImpact> {
    if (!target.startsWith('/')) throw new UsageError(`Restore target "${target}" must be an absolute path.`);
    const preview = await this.restores.preview({ repository, snapshot: ref, target, include, verify: false, overwrite: false }, token);
    const snapshot = await this.snapshots.resolve(repository, preview.snapshotId, token);
    const overwrites: string[] = [];
    let overwriteCount = 0;
    for (const path of preview.paths) {
      const destination = join(target, path);
      const existing = await lstat(destination).catch(() => undefined);
      if (existing && !existing.isDirectory() && ++overwriteCount <= limit) overwrites.push(destination);
    }
    const selected = include.length > 0 ? include : snapshot.paths;
    return {
      snapshotId: preview.snapshotId, target, files: preview.files, bytes: preview.bytes,
      destinations: selected.map((path) => ({ path, restoredTo: join(target, path) })), overwrites, overwriteCount,
    };
  }

  private async isFolder(repository: string, snapshot: SnapshotDto, path: string, token: CancellationToken): Promise<boolean> {
    if (!path.startsWith('/')) throw new UsageError(`"${path}" must be an absolute path, as stored in the snapshot.`);
    if (path === '/') return true;
    const entries = await this.snapshots.ls(repository, snapshot.id, dirname(path), token);
    const entry = entries.find((e) => e.path === path.replace(/\/+$/, ''));
    if (!entry) throw new UsageError(`"${path}" is not in snapshot ${snapshot.shortId} of "${repository}".`);
    return entry.type === 'dir';
  }
}
