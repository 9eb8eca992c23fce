import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { inject, injectable } from 'inversify';
import { UsageError } from '../core/errors.js';
import { copyFileAtomic, syncDirectory } from '../core/durable-files.js';
import type { CatalogCopy } from './catalog-copies.js';
import { loadSqlJs, openCatalogBytes, schemaVersionOf } from './catalog-database.js';
import { CatalogError, type CatalogProblem } from './catalog-errors.js';
import { CatalogServiceImpl, catalogMarkerName } from './catalog-service-impl.js';
import { latestSchemaVersion } from './migrations.js';

/** What one file (the catalog or a copy) is like. */
export interface CatalogFileState {
  readonly file: string;
  readonly state: 'ok' | 'absent' | CatalogProblem;
  readonly message?: string;
  readonly size?: number;
  readonly schemaVersion?: number;
}

export interface CatalogCheck extends CatalogFileState {
  readonly copies: ReadonlyArray<CatalogCopy & { readonly state: CatalogFileState['state']; readonly message?: string }>;
}

export interface CatalogRestore {
  /** The copy put in place, or undefined for a deliberately empty catalog. */
  readonly restored?: CatalogCopy;
  /** Where the replaced catalog was moved (nothing is deleted). */
  readonly movedAside?: string;
}

/** `timelocker catalog check` and `timelocker catalog restore`: diagnose the catalog and put back a copy. */
@injectable()
export class CatalogRecovery {
  constructor(@inject(CatalogServiceImpl) private readonly catalog: CatalogServiceImpl) {}

  async check(): Promise<CatalogCheck> {
    const state = await this.inspect(this.catalog.file);
    const copies = await Promise.all((await this.catalog.copies.list()).map(async (copy) => {
      const { state: copyState, message } = await this.inspect(copy.file);
      return { ...copy, state: copyState, ...(message ? { message } : {}) };
    }));
    if (state.state === 'absent' && (await exists(join(dirname(this.catalog.file), catalogMarkerName)))) {
      return { ...state, state: 'missing', message: 'the catalog is missing, but this data dir had one', copies };
    }
    return { ...state, copies };
  }

  /**
   * Puts back `copyName` (default: the newest copy that checks out), or an empty catalog with `empty`. The file it
   * replaces is moved aside beside it, never deleted.
   */
  async restore(choice: { readonly copy?: string; readonly empty?: boolean } = {}): Promise<CatalogRestore> {
    const copy = choice.empty ? undefined : await this.pick(choice.copy);
    return this.catalog.exclusive(async () => {
      const file = this.catalog.file;
      const movedAside = await exists(file) ? `${file}.replaced-${new Date().toISOString().replace(/[:.]/g, '-')}` : undefined;
      if (movedAside) await rename(file, movedAside);
      if (copy) await copyFileAtomic(copy.file, file, 0o600);
      else await syncDirectory(dirname(file));
      const marker = join(dirname(file), catalogMarkerName);
      if (!copy) await writeFile(marker, `${new Date().toISOString()} (empty catalog started by catalog restore --empty)\n`, { mode: 0o600 });
      return { ...(copy ? { restored: copy } : {}), ...(movedAside ? { movedAside } : {}) };
    });
  }

  private async pick(name: string | undefined): Promise<CatalogCopy> {
    const copies = await this.catalog.copies.list();
    if (name !== undefined) {
      const copy = copies.find((c) => c.name === name || c.file === name || c.name === basename(name));
      if (!copy) throw new UsageError(`No catalog copy "${name}". List them with \`timelocker catalog check\`.`);
      const { state, message } = await this.inspect(copy.file);
      if (state !== 'ok') throw new CatalogError(state === 'absent' ? 'missing' : state, `The copy ${copy.file} cannot be used: ${message ?? state}.`);
      return copy;
    }
    for (const copy of copies) if ((await this.inspect(copy.file)).state === 'ok') return copy;
    throw new UsageError(copies.length === 0
      ? 'There is no catalog copy to restore. `timelocker catalog restore --empty` starts an empty catalog (job and audit history in the data dir are kept).'
      : `None of the ${copies.length} catalog copies checks out. \`timelocker catalog restore --empty\` starts an empty catalog (job and audit history in the data dir are kept).`);
  }

  private async inspect(file: string): Promise<CatalogFileState> {
    const size = await stat(file).then((s) => (s.isFile() ? s.size : -1), () => undefined);
    if (size === undefined) return { file, state: 'absent' };
    let bytes: Uint8Array;
    try {
      if (size < 0) throw Object.assign(new Error('not a regular file'), { code: 'EISDIR' });
      bytes = await readFile(file);
    } catch (error) {
      return { file, state: 'unreadable', message: (error as Error).message };
    }
    try {
      const db = openCatalogBytes(await loadSqlJs(), bytes, file, '');
      const schemaVersion = schemaVersionOf(db);
      db.close();
      if (schemaVersion > latestSchemaVersion) return { file, state: 'newer', size, schemaVersion, message: `schema ${schemaVersion} is newer than this TimeLocker knows (${latestSchemaVersion})` };
      return { file, state: 'ok', size, schemaVersion };
    } catch (error) {
      const problem = error instanceof CatalogError ? error.problem : 'damaged';
      return { file, state: problem, size, message: (error as Error).message.replace(/ TimeLocker left it untouched\..*$/, '') };
    }
  }
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(() => true, () => false);
}
