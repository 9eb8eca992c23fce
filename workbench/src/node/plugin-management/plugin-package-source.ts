import { existsSync, statSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { PluginInstallError } from './plugin-management-service.js';

/** A plugin folder to validate and copy from; `dispose` removes what unpacking a tarball left behind. */
export interface PluginPackageSource {
  readonly dir: string;
  readonly tarball: boolean;
  dispose(): Promise<void>;
}

const TARBALL = /\.(tgz|tar\.gz)$/;

/** A folder is used in place; a tarball (`npm pack` output: one top folder, usually `package/`) is unpacked to a temp folder. */
export async function openPluginSource(source: string): Promise<PluginPackageSource> {
  const path = resolve(source);
  if (!existsSync(path)) throw new PluginInstallError(`Cannot install ${source}`, [`${path} does not exist`]);
  if (statSync(path).isDirectory()) return { dir: path, tarball: false, dispose: async () => undefined };
  if (!TARBALL.test(path)) throw new PluginInstallError(`Cannot install ${source}`, ['expected a plugin folder or a .tgz made by `npm pack`']);
  const temp = await mkdtemp(join(tmpdir(), 'tl-plugin-install-'));
  const dispose = (): Promise<void> => rm(temp, { recursive: true, force: true });
  try {
    const untar = await execa('tar', ['-xzf', path, '-C', temp, '--no-same-owner'], { reject: false });
    if (untar.exitCode !== 0) throw new PluginInstallError(`Cannot unpack ${source}`, [untar.stderr.trim() || `tar exited with ${untar.exitCode}`]);
    const entries = await readdir(temp, { withFileTypes: true });
    const top = entries.length === 1 && entries[0]!.isDirectory() ? join(temp, entries[0]!.name) : temp;
    return { dir: top, tarball: true, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}
