import { join } from 'node:path';
import { type CancellationToken, EventEmitter, type SnapshotDto } from '@timelocker/plugin-api';
import { inject, injectable } from 'inversify';
import { ConfigService } from '../config/config-service.js';
import { UsageError } from '../core/errors.js';
import { KernelOptions } from '../core/kernel-options.js';
import { type Logger, LogService } from '../core/log-service.js';
import { planTag, SnapshotService } from '../operations/snapshot-service.js';
import type { ErasableData } from '../core/erasable-data.js';
import { TargetResolver } from '../operations/target-resolver.js';
import { ContributionAvailability } from '../plugins/contribution-availability.js';
import type { ResticTarget } from '../restic/restic-engine.js';
import { ResticRunner } from '../restic/restic-runner.js';
import type {
  FileIndexService, FileIndexStatus, FileMatchDto, FileSearchRequest, FileSearchResult, FileVersionDto, FileVersions, IndexSyncReport,
} from './file-index-service.js';
import { FileIndexStore } from './file-index-store.js';
import { LoadedIndexes } from './loaded-indexes.js';
import { compilePathQuery } from './path-query.js';
import type { HitFilter, VersionHit } from './repository-file-index.js';
import { listSnapshotFiles } from './snapshot-file-lister.js';
import { formatResticTime, nodeTypes, SnapshotListingBuilder } from './snapshot-listing.js';

const DEFAULT_LIMIT = 100;

function seconds(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const millis = Date.parse(text);
  if (Number.isNaN(millis)) throw new UsageError(`${flag} "${text}" is not a date: use ISO 8601, e.g. 2024-05-01 or 2024-05-01T12:00:00Z.`);
  return Math.floor(millis / 1000);
}

const versionKey = (v: VersionHit): string => `${v.type}:${v.size}:${v.seconds}:${v.nanos}`;

/** Merges one path's versions from several repositories: the same version stored in two places is one version. */
function mergeVersions(parts: ReadonlyArray<{ repository: string; versions: readonly VersionHit[] }>): FileVersionDto[] {
  const merged = new Map<string, { hit: VersionHit; snapshots: FileVersionDto['snapshots'][number][] }>();
  for (const { repository, versions } of parts) {
    for (const hit of versions) {
      const key = versionKey(hit);
      const entry = merged.get(key) ?? { hit, snapshots: [] };
      entry.snapshots.push(...hit.snapshots.map((s) => ({ repository, id: s.id, shortId: s.shortId, time: s.time })));
      merged.set(key, entry);
    }
  }
  return [...merged.values()]
    .sort((a, b) => b.hit.seconds - a.hit.seconds || b.hit.nanos - a.hit.nanos)
    .map(({ hit, snapshots }) => ({
      type: nodeTypes[hit.type] ?? 'irregular', size: hit.size, mtime: formatResticTime(hit.seconds, hit.nanos),
      snapshots: snapshots.sort((a, b) => b.time.localeCompare(a.time)),
    }));
}

@injectable()
export class FileIndexServiceImpl implements FileIndexService, ErasableData {
  readonly erasableName = 'file index';
  private readonly store: FileIndexStore;
  private readonly loaded: LoadedIndexes;
  private readonly logger: Logger;
  private readonly syncs = new Map<string, Promise<IndexSyncReport>>();
  private readonly changeEmitter = new EventEmitter<string>();
  readonly onDidChangeIndex = this.changeEmitter.event;

  constructor(
    @inject(KernelOptions) options: KernelOptions,
    @inject(ConfigService) private readonly config: ConfigService,
    @inject(SnapshotService) private readonly snapshots: SnapshotService,
    @inject(TargetResolver) private readonly targets: TargetResolver,
    @inject(ResticRunner) private readonly runner: ResticRunner,
    @inject(LogService) logService: LogService,
    @inject(ContributionAvailability) private readonly availability: ContributionAvailability,
  ) {
    this.logger = logService.getLogger('file-index');
    this.store = new FileIndexStore(join(options.dataDir, 'file-index'));
    this.loaded = new LoadedIndexes(this.store, this.logger);
  }

  async sync(repositories: readonly string[] | undefined, token: CancellationToken): Promise<IndexSyncReport[]> {
    const config = await this.config.get();
    const configured = Object.keys(config.repositories);
    if (repositories === undefined) {
      // Indexes of repositories no longer configured (removed or renamed) are dropped; a renamed one is indexed anew.
      for (const stale of (await this.store.repositories()).filter((r) => !configured.includes(r))) {
        await this.store.removeRepository(stale);
        this.loaded.forgetRepository(stale);
      }
    }
    const names = repositories ?? configured;
    return Promise.all(names.map(async (name) => {
      // A repository whose backend's plugin failed, is disabled or is missing waits until that changes: indexing it
      // would only start (and fail) the plugin's activation again on every catch-up.
      const backend = config.repositories[name]?.backend;
      const found = backend === undefined ? undefined : this.availability.check('backends', backend);
      if (found && !found.available) {
        return { repository: name, indexed: [], dropped: [], entries: 0, seconds: 0, error: `not indexed: backend "${found.id}" is unavailable: ${found.reason}` };
      }
      // One sync per repository at a time in this process; another process doing the same only repeats work.
      const running = this.syncs.get(name) ?? this.syncOne(name, token).finally(() => this.syncs.delete(name));
      this.syncs.set(name, running);
      return running;
    }));
  }

  /** File paths are personal data: `privacy erase` drops every repository's index (the next sync rebuilds it). */
  async erase(): Promise<void> {
    for (const repository of await this.store.repositories()) {
      await this.store.removeRepository(repository);
      this.loaded.forgetRepository(repository);
    }
  }

  private async syncOne(repository: string, token: CancellationToken): Promise<IndexSyncReport> {
    const started = Date.now();
    const indexed: string[] = [];
    const dropped: string[] = [];
    let entries = 0;
    const report = (error?: string): IndexSyncReport => ({ repository, indexed, dropped, entries, seconds: (Date.now() - started) / 1000, ...(error ? { error } : {}) });
    try {
      const listed = await this.snapshots.list({ repository }, token);
      const current = new Set(listed.map((s) => s.id));
      const onDisk = new Set(await this.store.snapshotIds(repository));
      for (const id of onDisk) {
        if (current.has(id)) continue;
        await this.store.remove(repository, id);
        dropped.push(id.slice(0, 8));
      }
      const missing = listed.filter((s) => !onDisk.has(s.id)).sort((a, b) => a.time.localeCompare(b.time));
      if (missing.length > 0) {
        const target = await this.targets.resolve(repository, { operation: 'list' }, token);
        for (const snapshot of missing) {
          entries += await this.indexSnapshot(repository, snapshot, target, token);
          indexed.push(snapshot.shortId);
        }
      }
      return report();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (token.isCancellationRequested) this.logger.info(`${repository}: indexing stopped (${indexed.length} snapshot(s) done); the next sync goes on from there`);
      else this.logger.warn(`${repository}: file index not brought up to date: ${message}`);
      return report(message);
    } finally {
      if (indexed.length + dropped.length > 0) {
        this.logger.info(`${repository}: indexed ${indexed.length} snapshot(s) (${entries} entries), dropped ${dropped.length}`);
        this.changeEmitter.fire(repository);
      }
    }
  }

  private async indexSnapshot(repository: string, snapshot: SnapshotDto, target: ResticTarget, token: CancellationToken): Promise<number> {
    const builder = new SnapshotListingBuilder();
    await listSnapshotFiles(this.runner, target, snapshot.id, (node) => builder.add(node), token);
    const { id, shortId, time, hostname, paths, tags } = snapshot;
    await this.store.write(repository, id, await builder.encode({ id, shortId, time, hostname, paths, tags }));
    return builder.entries;
  }

  async drop(repository: string, snapshotIds: readonly string[]): Promise<void> {
    const onDisk = await this.store.snapshotIds(repository);
    const gone = onDisk.filter((id) => snapshotIds.some((ref) => ref.length > 0 && id.startsWith(ref)));
    for (const id of gone) await this.store.remove(repository, id);
    if (gone.length > 0) this.changeEmitter.fire(repository);
  }

  /** Repositories to search and the snapshot filter a plan implies. */
  private async scope(filter: { readonly repository?: string; readonly plan?: string }): Promise<{ repositories: string[]; snapshot?: HitFilter['snapshot'] }> {
    const config = await this.config.get();
    if (filter.repository !== undefined && !config.repositories[filter.repository]) throw new UsageError(`Unknown repository "${filter.repository}".`);
    if (filter.plan !== undefined && !config.plans[filter.plan]) throw new UsageError(`Unknown plan "${filter.plan}".`);
    const repositories = filter.repository !== undefined ? [filter.repository] : Object.keys(config.repositories);
    const tag = filter.plan !== undefined ? planTag(filter.plan) : undefined;
    return { repositories, ...(tag ? { snapshot: (meta) => meta.tags.includes(tag) } : {}) };
  }

  async search(request: FileSearchRequest): Promise<FileSearchResult> {
    if (request.pattern.length === 0) throw new UsageError('The search pattern is empty.');
    const { repositories, snapshot } = await this.scope(request);
    const started = performance.now();
    const newer = seconds(request.newer, '--newer');
    const older = seconds(request.older, '--older');
    const filter: HitFilter = {
      ...(snapshot ? { snapshot } : {}), ...(request.path ? { prefix: request.path } : {}),
      ...(newer !== undefined ? { newer } : {}), ...(older !== undefined ? { older } : {}),
    };
    const limit = request.limit ?? DEFAULT_LIMIT;
    const query = compilePathQuery(request.pattern);
    const rank = new Map<string, number>();
    const parts = new Map<string, Array<{ repository: string; versions: readonly VersionHit[] }>>();
    let truncated = false;
    let searchedEntries = 0;
    for (const repository of repositories) {
      const index = await this.loaded.get(repository);
      searchedEntries += index.entries;
      const result = index.search(query, filter, limit);
      truncated ||= result.truncated;
      result.hits.forEach((hit, position) => {
        rank.set(hit.path, Math.min(rank.get(hit.path) ?? position, position));
        parts.set(hit.path, [...(parts.get(hit.path) ?? []), { repository, versions: hit.versions }]);
      });
    }
    const ordered = [...parts.keys()].sort((a, b) => rank.get(a)! - rank.get(b)! || a.localeCompare(b));
    truncated ||= ordered.length > limit;
    const matches: FileMatchDto[] = ordered.slice(0, limit).map((path) => ({ path, versions: mergeVersions(parts.get(path)!) }));
    return { pattern: request.pattern, matches, truncated, searchedEntries, tookMs: performance.now() - started, problems: [] };
  }

  async versions(path: string, filter: { readonly repository?: string; readonly plan?: string } = {}): Promise<FileVersions> {
    if (!path.startsWith('/')) throw new UsageError(`"${path}" must be an absolute path, as stored in the snapshots (e.g. /home/me/notes.txt).`);
    const { repositories, snapshot } = await this.scope(filter);
    const parts = await Promise.all(repositories.map(async (repository) => ({
      repository, versions: (await this.loaded.get(repository)).versionsOf(path, snapshot ? { snapshot } : {}),
    })));
    return { path, versions: mergeVersions(parts).map((v, i) => ({ number: i + 1, ...v })) };
  }

  async status(): Promise<FileIndexStatus[]> {
    const repositories = Object.keys((await this.config.get()).repositories);
    return Promise.all(repositories.map(async (repository) => {
      const index = await this.loaded.get(repository);
      return {
        repository, snapshots: index.snapshots.length, entries: index.entries, distinctPaths: index.distinctPaths,
        distinctVersions: index.distinctVersions, diskBytes: await this.store.diskBytes(repository),
      };
    }));
  }
}
