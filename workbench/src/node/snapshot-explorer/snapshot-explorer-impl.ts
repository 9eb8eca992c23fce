import { lstat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { CancellationToken, SnapshotDto } from '@timelocker/plugin-api';
import { inject, injectable } from 'inversify';
import { NotFoundError, UsageError } from '../core/errors.js';
import { type ArchiveFormat, FileDownload } from '../file-index/file-download.js';
import { RestoreService } from '../operations/restore-service.js';
import { type SnapshotEntry, SnapshotService, toSnapshotEntry } from '../operations/snapshot-service.js';
import { TargetResolver } from '../operations/target-resolver.js';
import { DiffCollector } from '../restic/restic-diff-json.js';
import { isRecord, parseJsonLine, type ResticNode } from '../restic/restic-json.js';
import { ResticRunner } from '../restic/restic-runner.js';
import type { RestoreImpact, RestoreImpactRequest, SnapshotComparison, SnapshotDownload, SnapshotExplorer, SnapshotSearch } from './snapshot-explorer.js';

const archiveTypes: Record<ArchiveFormat, string> = { tar: 'application/x-tar', zip: 'application/zip' };

/** Everything here only reads: restic runs with --no-lock, so a running forget or prune does not make it fail. */
@injectable()
export class SnapshotExplorerImpl implements SnapshotExplorer {
  constructor(
    @inject(SnapshotService) private readonly snapshots: SnapshotService,
    @inject(TargetResolver) private readonly targets: TargetResolver,
    @inject(ResticRunner) private readonly runner: ResticRunner,
    @inject(RestoreService) private readonly restores: RestoreService,
    @inject(FileDownload) private readonly downloads: FileDownload,
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

  async download(repository: string, ref: string, path: string, options: { readonly format: ArchiveFormat; readonly actor?: string }, token: CancellationToken): Promise<SnapshotDownload> {
    const snapshot = await this.snapshots.resolve(repository, ref, token);
    const folder = await this.isFolder(repository, snapshot, path, token);
    const { format, actor } = options;
    const stream = await this.downloads.open(repository, snapshot.id, path, { ...(folder ? { archive: format } : {}), ...(actor ? { actor } : {}) }, token);
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

  async restoreImpact(repository: string, ref: string, request: RestoreImpactRequest, limit: number, token: CancellationToken): Promise<RestoreImpact> {
    const { target, include, confined } = request;
    if (!target.startsWith('/')) throw new UsageError(`Restore target "${target}" must be an absolute path.`);
    const preview = await this.restores.preview({ repository, snapshot: ref, target, include, verify: false, overwrite: false, confined }, token);
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
    if (!entry) throw new NotFoundError(`"${path}" is not in snapshot ${snapshot.shortId} of "${repository}".`);
    return entry.type === 'dir';
  }
}
