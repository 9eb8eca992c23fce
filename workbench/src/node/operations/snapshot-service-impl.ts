import type { CancellationToken, SnapshotDto } from '@timelocker/plugin-api';
import { inject, injectable } from 'inversify';
import { createHash } from 'node:crypto';
import { SnapshotCache } from '../catalog/snapshot-cache.js';
import { ConfigService } from '../config/config-service.js';
import { NotFoundError, UsageError } from '../core/errors.js';
import { PluginService } from '../plugins/plugin-service.js';
import { ResticEngine } from '../restic/restic-engine.js';
import type { ResticSnapshot } from '../restic/restic-json.js';
import { planTag, type SnapshotEntry, type SnapshotFilter, type SnapshotService, toSnapshotEntry } from './snapshot-service.js';
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

const newestFirst = (snapshots: readonly SnapshotDto[]): SnapshotDto[] => [...snapshots].sort((a, b) => b.time.localeCompare(a.time));

const sameSet = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && [...a].sort().every((v, i) => v === [...b].sort()[i]);

@injectable()
export class SnapshotServiceImpl implements SnapshotService {
  constructor(
    @inject(ConfigService) private readonly config: ConfigService,
    @inject(TargetResolver) private readonly targets: TargetResolver,
    @inject(ResticEngine) private readonly restic: ResticEngine,
    @inject(SnapshotCache) private readonly cache: SnapshotCache,
    @inject(TreeListingCache) private readonly listings: TreeListingCache,
    @inject(PluginService) private readonly plugins: PluginService,
  ) {}

  async list(filter: SnapshotFilter, token: CancellationToken): Promise<SnapshotDto[]> {
    const config = await this.config.get();
    const plan = filter.plan !== undefined ? config.plans[filter.plan] : undefined;
    if (filter.plan !== undefined && !plan) throw new NotFoundError(`Unknown plan "${filter.plan}".`);
    const repositories = filter.repository ? [filter.repository] : plan ? [plan.repository] : Object.keys(config.repositories);
    const perRepository = await Promise.all(repositories.map((name) => this.fetch(name, token, filter.refresh === true)));
    return perRepository.flatMap((snapshots) => {
      const kept = snapshots.filter((s) =>
        (!filter.tag || s.tags.includes(filter.tag)) &&
        (!filter.path || s.paths.includes(filter.path)) &&
        (!plan || !filter.plan || s.tags.includes(planTag(filter.plan)) || sameSet(s.paths, plan.paths)));
      return filter.latest !== undefined ? kept.slice(0, filter.latest) : kept;
    });
  }

  async resolve(repository: string, ref: string, token: CancellationToken): Promise<SnapshotDto> {
    const snapshots = await this.fetch(repository, token, false);
    if (ref === 'latest') {
      const latest = snapshots[0];
      if (!latest) throw new NotFoundError(`Repository "${repository}" has no snapshots yet.`);
      return latest;
    }
    const matches = snapshots.filter((s) => s.id.startsWith(ref));
    if (matches.length === 1) return matches[0]!;
    if (matches.length === 0) throw new NotFoundError(`No snapshot "${ref}" in repository "${repository}". List them with \`timelocker snapshots --repo ${repository}\`.`);
    throw new UsageError(`Snapshot prefix "${ref}" is ambiguous in repository "${repository}" (${matches.length} matches): give more characters.`);
  }

  async ls(repository: string, ref: string, dir: string, token: CancellationToken): Promise<SnapshotEntry[]> {
    if (!dir.startsWith('/')) throw new UsageError(`Directory "${dir}" must be absolute, as stored in the snapshot (e.g. /home/me).`);
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
   * plugin host, no secrets), while the config and the plugins are exactly those of the last real resolution. Not
   * with policies configured: some judge by the clock (time since the last check), so each listing asks them.
   */
  private async fromUnchangedSource(repository: string): Promise<SnapshotDto[] | undefined> {
    const [source, config] = await Promise.all([this.cache.source(repository), this.config.get()]);
    if (!source || (config.policies?.length ?? 0) > 0 || source.fingerprint !== (await this.fingerprint())) return undefined;
    const ids = await this.restic.localSnapshotIds(source.location);
    return ids && this.fromCache(repository, ids);
  }

  /** The cached snapshots when `ids` holds none the cache does not know (those gone leave the cache). */
  private async fromCache(repository: string, ids: readonly string[]): Promise<SnapshotDto[] | undefined> {
    const cached = await this.cache.list(repository);
    const known = new Set(cached.map((s) => s.id));
    if (!ids.every((id) => known.has(id))) return undefined;
    const current = new Set(ids);
    const kept = cached.filter((s) => current.has(s.id));
    if (kept.length < cached.length) await this.remember(repository, kept);
    return newestFirst(kept);
  }

  /** What resolving a repository depends on: the config file's exact text and the plugins installed. */
  private async fingerprint(): Promise<string> {
    const { hash } = await this.config.read();
    const plugins = this.plugins.listPlugins().map((p) => `${p.id}@${p.version}`).sort();
    return createHash('sha256').update(JSON.stringify([hash, plugins])).digest('base64url');
  }

  private async remember(repository: string, snapshots: readonly SnapshotDto[]): Promise<void> {
    await this.cache.replace(repository, snapshots);
    await this.listings.retain(repository, snapshots.map((s) => s.id));
  }
}
