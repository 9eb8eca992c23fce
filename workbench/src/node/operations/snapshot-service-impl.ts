import type { CancellationToken, SnapshotDto } from '@timelocker/plugin-api';
import { inject, injectable } from 'inversify';
import { SnapshotCache } from '../catalog/snapshot-cache.js';
import { ConfigService } from '../config/config-service.js';
import { KernelOptions } from '../core/kernel-options.js';
import { ResticEngine } from '../restic/restic-engine.js';
import type { ResticSnapshot } from '../restic/restic-json.js';
import { type AvailableSnapshots, type SnapshotEntry, type SnapshotFilter, type SnapshotService, toSnapshotEntry } from './snapshot-service.js';
import { assertAbsoluteDir, filterSnapshots, isUnchangedSource, listedRepositories, newestFirst, pickSnapshot, reconcileCache } from './snapshot-selection.js';
import { snapshotSourceFingerprint } from './snapshot-source-fingerprint.js';
import { TargetResolver } from './target-resolver.js';
import { TreeListingCache } from './tree-listing-cache.js';

function toSnapshotDto(repository: string, s: ResticSnapshot): SnapshotDto {
  return {
    id: s.id,
    shortId: s.short_id,
    repository,
    time: s.time,
    hostname: s.hostname,
    ...(s.username ? { username: s.username } : {}),
    paths: s.paths,
    tags: s.tags ?? [],
    ...(s.parent ? { parent: s.parent } : {}),
  };
}

@injectable()
export class SnapshotServiceImpl implements SnapshotService {
  constructor(
    @inject(ConfigService) private readonly config: ConfigService,
    @inject(TargetResolver) private readonly targets: TargetResolver,
    @inject(ResticEngine) private readonly restic: ResticEngine,
    @inject(SnapshotCache) private readonly cache: SnapshotCache,
    @inject(TreeListingCache) private readonly listings: TreeListingCache,
    @inject(KernelOptions) private readonly options: KernelOptions,
  ) {}

  async list(filter: SnapshotFilter, token: CancellationToken): Promise<SnapshotDto[]> {
    const { repositories, plan } = listedRepositories(await this.config.get(), filter);
    const perRepository = await Promise.all(repositories.map((name) => this.fetch(name, token, filter.refresh === true)));
    return filterSnapshots(perRepository, filter, plan);
  }

  async listAvailable(filter: SnapshotFilter, token: CancellationToken): Promise<AvailableSnapshots> {
    const { repositories, plan } = listedRepositories(await this.config.get(), filter);
    const settled = await Promise.allSettled(repositories.map((name) => this.fetch(name, token, filter.refresh === true)));
    const failed = settled.flatMap((result, i) => (result.status === 'rejected' ? [{ repository: repositories[i]!, error: result.reason as Error }] : []));
    // Nothing listed is not a partial view: the first repository's own error says what is wrong.
    if (failed.length > 0 && failed.length === repositories.length) throw failed[0]!.error;
    const listed = settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    return { snapshots: filterSnapshots(listed, filter, plan), unlisted: failed.map(({ repository, error }) => ({ repository, message: error.message })) };
  }

  async resolve(repository: string, ref: string, token: CancellationToken): Promise<SnapshotDto> {
    return pickSnapshot(await this.fetch(repository, token, false), repository, ref);
  }

  async ls(repository: string, ref: string, dir: string, token: CancellationToken): Promise<SnapshotEntry[]> {
    assertAbsoluteDir(dir);
    const snapshot = await this.resolve(repository, ref, token);
    const cached = await this.listings.get(repository, snapshot.id, dir);
    if (cached) return cached;
    const target = await this.targets.resolve(repository, { operation: 'browse' }, token);
    const nodes = await this.restic.ls(target, snapshot.id, dir, token);
    const entries = nodes.map(toSnapshotEntry).sort((a, b) => (a.type === 'dir' ? 0 : 1) - (b.type === 'dir' ? 0 : 1) || a.name.localeCompare(b.name));
    await this.listings.put(repository, snapshot.id, dir, entries);
    return entries;
  }

  /**
   * From the catalog's snapshot cache while the repository holds no snapshot the cache does not know (a cheap id
   * listing tells); snapshots gone since (forget, prune, here or elsewhere) just leave the cache. Anything new, or
   * `refresh`, lists them with restic.
   */
  private async fetch(repository: string, token: CancellationToken, refresh: boolean): Promise<SnapshotDto[]> {
    if (!refresh) {
      const current = await this.fromUnchangedSource(repository);
      if (current) return current;
    }
    const target = await this.targets.resolve(repository, { operation: 'list' }, token);
    const source = { fingerprint: await this.fingerprint(), location: target.location.repository };
    if (!refresh) {
      const current = await this.fromCache(repository, await this.restic.snapshotIds(target, token));
      if (current) {
        await this.cache.setSource(repository, source);
        return current;
      }
    }
    const snapshots = newestFirst((await this.restic.snapshots(target, token)).map((s) => toSnapshotDto(repository, s)));
    await this.remember(repository, snapshots);
    await this.cache.setSource(repository, source);
    return snapshots;
  }

  /**
   * The cache, checked against a local repository's snapshots/ folder without resolving the repository again (no
   * plugin host, no secrets), while the source is unchanged (see `isUnchangedSource`).
   */
  private async fromUnchangedSource(repository: string): Promise<SnapshotDto[] | undefined> {
    const [source, config] = await Promise.all([this.cache.source(repository), this.config.get()]);
    if (!isUnchangedSource(source, await this.fingerprint(), config)) return undefined;
    const ids = await this.restic.localSnapshotIds(source.location);
    return ids && this.fromCache(repository, ids);
  }

  /** The cached snapshots when `ids` holds none the cache does not know (those gone leave the cache). */
  private async fromCache(repository: string, ids: readonly string[]): Promise<SnapshotDto[] | undefined> {
    const reconciled = reconcileCache(await this.cache.list(repository), ids);
    if (reconciled?.gone) await this.remember(repository, reconciled.current);
    return reconciled?.current;
  }

  private async fingerprint(): Promise<string> {
    return snapshotSourceFingerprint(this.options, (await this.config.read()).text);
  }

  private async remember(repository: string, snapshots: readonly SnapshotDto[]): Promise<void> {
    await this.cache.replace(repository, snapshots);
    await this.listings.retain(repository, snapshots.map((s) => s.id));
  }
}
