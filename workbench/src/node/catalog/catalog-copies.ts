import { mkdir, readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { copyFileAtomic } from '../core/durable-files.js';

/** Why a copy was taken; each reason keeps its own number of copies. */
export type CopyReason = 'daily' | 'before-migration';

export interface CatalogCopy {
  readonly file: string;
  readonly name: string;
  readonly reason: CopyReason;
  /** When the copy was taken (ISO). */
  readonly time: string;
  readonly size: number;
}

const kept: Readonly<Record<CopyReason, number>> = { daily: 7, 'before-migration': 3 };
const copyName = /^catalog-(\d{8}T\d{6}Z)-(daily|before-migration)\.sqlite$/;

function stamp(time: Date): string {
  return time.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

function isoOf(compact: string): string {
  return `${compact.slice(0, 4)}-${compact.slice(4, 6)}-${compact.slice(6, 8)}T${compact.slice(9, 11)}:${compact.slice(11, 13)}:${compact.slice(13, 15)}Z`;
}

/** Rotating copies of the catalog in `<data-dir>/catalog-copies`: taken daily and before schema migrations. */
export class CatalogCopies {
  constructor(readonly dir: string) {}

  /** Newest first. */
  async list(): Promise<CatalogCopy[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const copies = await Promise.all(names.map(async (name): Promise<CatalogCopy | undefined> => {
      const match = copyName.exec(name);
      if (!match) return undefined;
      const file = join(this.dir, name);
      const size = await stat(file).then((s) => s.size, () => -1);
      return size < 0 ? undefined : { file, name, reason: match[2] as CopyReason, time: isoOf(match[1]!), size };
    }));
    return copies.filter((c): c is CatalogCopy => c !== undefined).sort((a, b) => b.time.localeCompare(a.time) || b.name.localeCompare(a.name));
  }

  /** True when no daily copy was taken on the UTC day of `now`. */
  async dailyDue(now = new Date()): Promise<boolean> {
    const day = now.toISOString().slice(0, 10);
    return !(await this.list()).some((c) => c.reason === 'daily' && c.time.slice(0, 10) === day);
  }

  /** Copies `source` (a committed catalog file) and drops the oldest copies of the same reason beyond what is kept. */
  async take(source: string, reason: CopyReason, now = new Date()): Promise<CatalogCopy> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const name = `catalog-${stamp(now)}-${reason}.sqlite`;
    const file = join(this.dir, name);
    await copyFileAtomic(source, file, 0o600);
    for (const old of (await this.list()).filter((c) => c.reason === reason).slice(kept[reason])) await unlink(old.file).catch(() => undefined);
    return { file, name, reason, time: isoOf(stamp(now)), size: (await stat(file)).size };
  }
}
