import { resolve } from 'node:path';
import type { SnapshotDto } from '@timelocker/plugin-api';
import type { SnapshotEntry, SnapshotFilter } from '../node/operations/snapshot-service.js';
import type { Output } from './output.js';

/*
 * What `snapshots` and `ls` take (their flags, see listing-commands.ts) and how they print: shared by the kernel's
 * commands and the kernel-less listing (catalog-listing-main.ts), so both print the same bytes.
 */

export interface SnapshotsFlags {
  readonly repo?: string;
  readonly plan?: string;
  readonly tag?: string;
  readonly path?: string;
  readonly latest?: number;
  readonly copies?: boolean;
  readonly refresh?: boolean;
}

export interface LsFlags {
  readonly repo: string;
}

export function snapshotFilterOf(flags: SnapshotsFlags): SnapshotFilter {
  return {
    ...(flags.repo ? { repository: flags.repo } : {}), ...(flags.plan ? { plan: flags.plan } : {}),
    ...(flags.tag ? { tag: flags.tag } : {}), ...(flags.path ? { path: resolve(flags.path) } : {}),
    ...(flags.latest ? { latest: flags.latest } : {}), ...(flags.refresh ? { refresh: true } : {}),
  };
}

type Column<T> = readonly [header: string, cell: (row: T) => string];

export function printSnapshots<T extends SnapshotDto>(output: Output, snapshots: readonly T[], extraColumns: ReadonlyArray<Column<T>> = []): void {
  output.table<T>(snapshots, [
    ['ID', (s) => s.shortId],
    ['REPOSITORY', (s) => s.repository],
    ['TIME', (s) => s.time.replace('T', ' ').slice(0, 19)],
    ['HOST', (s) => s.hostname],
    ['TAGS', (s) => s.tags.join(',')],
    ['PATHS', (s) => s.paths.join(', ')],
    ...extraColumns,
  ]);
}

export function printTreeEntries(output: Output, entries: readonly SnapshotEntry[]): void {
  output.table(entries, [
    ['TYPE', (e) => e.type],
    ['SIZE', (e) => (e.type === 'file' ? String(e.size ?? 0) : '')],
    ['MODIFIED', (e) => (e.mtime ?? '').replace('T', ' ').slice(0, 19)],
    ['PATH', (e) => e.path],
  ]);
}
