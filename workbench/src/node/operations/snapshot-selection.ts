import type { SnapshotDto } from '@timelocker/plugin-api';
import type { SnapshotSource } from '../catalog/snapshot-cache.js';
import type { PlanConfig, TimeLockerConfig } from '../config/config-model.js';
import { NotFoundError, UsageError } from '../core/errors.js';
import { planTag, type SnapshotFilter } from './snapshot-service.js';

/*
 * What a snapshot listing decides, as pure functions: the kernel's SnapshotService and the CLI's kernel-less listing
 * (cli/catalog-listing-main.ts) decide the same way because they run the same code.
 */

/** By time, to the millisecond whatever the zone; then by the text (nanoseconds). No localeCompare: ICU's collator costs a CLI listing ~13 ms to load. */
const byTimeNewestFirst = (a: SnapshotDto, b: SnapshotDto): number => Date.parse(b.time) - Date.parse(a.time) || (b.time > a.time ? 1 : b.time < a.time ? -1 : 0);

export const newestFirst = (snapshots: readonly SnapshotDto[]): SnapshotDto[] => [...snapshots].sort(byTimeNewestFirst);

const sameSet = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && [...a].sort().every((v, i) => v === [...b].sort()[i]);

/**
 * Whether the cache may be checked against a local repository's snapshots/ folder without resolving the repository
 * again: the config and the plugins are exactly those of the last real resolution (`fingerprint`), and no policies
 * are configured (some judge by the clock, e.g. time since the last check, so each listing asks them).
 */
export function isUnchangedSource(source: SnapshotSource | undefined, fingerprint: string, config: TimeLockerConfig): source is SnapshotSource {
  return source !== undefined && (config.policies?.length ?? 0) === 0 && source.fingerprint === fingerprint;
}

/**
 * The cached snapshots (newest first) still in the repository, which holds the snapshots `ids`; undefined when it
 * holds one the cache does not know. `gone`: the cache holds snapshots the repository no longer has (forget, prune).
 */
export function reconcileCache(cached: readonly SnapshotDto[], ids: readonly string[]): { current: SnapshotDto[]; gone: boolean } | undefined {
  const known = new Set(cached.map((s) => s.id));
  if (!ids.every((id) => known.has(id))) return undefined;
  const present = new Set(ids);
  const kept = cached.filter((s) => present.has(s.id));
  return { current: newestFirst(kept), gone: kept.length < cached.length };
}

/** The repositories a filter lists and the plan it names (an unknown plan is a NotFoundError). */
export function listedRepositories(config: TimeLockerConfig, filter: SnapshotFilter): { repositories: string[]; plan?: PlanConfig } {
  const plan = filter.plan !== undefined ? config.plans[filter.plan] : undefined;
  if (filter.plan !== undefined && !plan) throw new NotFoundError(`Unknown plan "${filter.plan}".`);
  const repositories = filter.repository ? [filter.repository] : plan ? [plan.repository] : Object.keys(config.repositories);
  return { repositories, ...(plan ? { plan } : {}) };
}

/** The snapshots of each repository (newest first) the filter keeps. */
export function filterSnapshots(perRepository: ReadonlyArray<readonly SnapshotDto[]>, filter: SnapshotFilter, plan: PlanConfig | undefined): SnapshotDto[] {
  return perRepository.flatMap((snapshots) => {
    const kept = snapshots.filter((s) =>
      (!filter.tag || s.tags.includes(filter.tag)) &&
      (!filter.path || s.paths.includes(filter.path)) &&
      (!plan || !filter.plan || s.tags.includes(planTag(filter.plan)) || sameSet(s.paths, plan.paths)));
    return filter.latest !== undefined ? kept.slice(0, filter.latest) : kept;
  });
}

/** The snapshot `ref` (`latest` or an id prefix) names among a repository's snapshots (newest first). */
export function pickSnapshot(snapshots: readonly SnapshotDto[], repository: string, ref: string): SnapshotDto {
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

/** `ls` takes absolute directories only, as stored in the snapshot. */
export function assertAbsoluteDir(dir: string): void {
  if (!dir.startsWith('/')) throw new UsageError(`Directory "${dir}" must be absolute, as stored in the snapshot (e.g. /home/me).`);
}
