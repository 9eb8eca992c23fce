import type { CancellationToken, SnapshotDto } from '@timelocker/plugin-api';
import { inject, injectable } from 'inversify';
import { SnapshotCache } from '../catalog/snapshot-cache.js';
import { ConfigService } from '../config/config-service.js';
import { NotFoundError, UsageError } from '../core/errors.js';
import { ResticEngine } from '../restic/restic-engine.js';
import type { ResticSnapshot } from '../restic/restic-json.js';
import { planTag, type SnapshotEntry, type SnapshotFilter, type SnapshotService, toSnapshotEntry } from './snapshot-service.js';
import { TargetResolver } from './target-resolver.js';

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

const sameSet = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && [...a].sort().every((v, i) => v === [...b].sort()[i]);

@injectable()
export class SnapshotServiceImpl implements SnapshotService {
  constructor(
    @inject(ConfigService) private readonly config: ConfigService,
    @inject(TargetResolver) private readonly targets: TargetResolver,
    @inject(ResticEngine) private readonly restic: ResticEngine,
    @inject(SnapshotCache) private readonly cache: SnapshotCache,
  ) {}

  async list(filter: SnapshotFilter, token: CancellationToken): Promise<SnapshotDto[]> {
    const config = await this.config.get();
    const plan = filter.plan !== undefined ? config.plans[filter.plan] : undefined;
    if (filter.plan !== undefined && !plan) throw new NotFoundError(`Unknown plan "${filter.plan}".`);
    const repositories = filter.repository ? [filter.repository] : plan ? [plan.repository] : Object.keys(config.repositories);
    const perRepository = await Promise.all(repositories.map((name) => this.fetch(name, token)));
    return perRepository.flatMap((snapshots) => {
      const kept = snapshots.filter((s) =>
        (!filter.tag || s.tags.includes(filter.tag)) &&
        (!filter.path || s.paths.includes(filter.path)) &&
        (!plan || !filter.plan || s.tags.includes(planTag(filter.plan)) || sameSet(s.paths, plan.paths)));
      return filter.latest !== undefined ? kept.slice(0, filter.latest) : kept;
    });
  }

  async resolve(repository: string, ref: string, token: CancellationToken): Promise<SnapshotDto> {
    const snapshots = await this.fetch(repository, token);
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
    const target = await this.targets.resolve(repository, { operation: 'browse' }, token);
    const nodes = await this.restic.ls(target, snapshot.id, dir, token);
    return nodes.map(toSnapshotEntry).sort((a, b) => (a.type === 'dir' ? 0 : 1) - (b.type === 'dir' ? 0 : 1) || a.name.localeCompare(b.name));
  }

  private async fetch(repository: string, token: CancellationToken): Promise<SnapshotDto[]> {
    const target = await this.targets.resolve(repository, { operation: 'list' }, token);
    const snapshots = (await this.restic.snapshots(target, token))
      .map((s) => toSnapshotDto(repository, s))
      .sort((a, b) => b.time.localeCompare(a.time));
    await this.cache.replace(repository, snapshots);
    return snapshots;
  }
}
