import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { TimeLockerError } from '../core/errors.js';
import { crontabBlock, withCrontabBlock } from './crontab-lines.js';
import { type GeneratedFile, type ScheduledTaskEntry, systemdUnits } from './systemd-units.js';
import type { TimelockerInvocation } from './timelocker-invocation.js';

/** What `schedule install` put where, so `schedule uninstall` removes exactly that. */
export interface InstallManifest {
  readonly systemd?: { readonly dir: string; readonly files: readonly string[] };
  readonly crontab?: { readonly configFile: string };
}

export const MANIFEST_FILE = 'schedule-install.json';

export class ScheduleInstaller {
  constructor(private readonly dataDir: string, private readonly invocation: TimelockerInvocation) {}

  get manifestFile(): string {
    return join(this.dataDir, MANIFEST_FILE);
  }

  async manifest(): Promise<InstallManifest> {
    const text = await readFile(this.manifestFile, 'utf8').catch(() => undefined);
    return text ? (JSON.parse(text) as InstallManifest) : {};
  }

  /** Every unit is generated before any is written: one schedule systemd cannot express leaves nothing half-installed. */
  async installSystemd(tasks: readonly ScheduledTaskEntry[], dir: string): Promise<string[]> {
    const files: GeneratedFile[] = tasks.flatMap((task) => systemdUnits(task, this.invocation));
    const target = resolve(dir);
    const previous = (await this.manifest()).systemd;
    if (previous) await this.removeFiles(previous.files);
    await mkdir(target, { recursive: true });
    const written: string[] = [];
    for (const file of files) {
      const path = join(target, file.name);
      await writeFile(path, file.content, { mode: 0o644 });
      written.push(path);
    }
    await this.saveManifest({ ...(await this.manifest()), systemd: { dir: target, files: written } });
    return written;
  }

  crontabText(tasks: readonly ScheduledTaskEntry[]): string {
    return crontabBlock(tasks, this.invocation);
  }

  /** Replaces this config's block in the user's crontab (other lines stay as they are). */
  async installCrontab(tasks: readonly ScheduledTaskEntry[]): Promise<void> {
    const block = this.crontabText(tasks);
    await writeCrontab(withCrontabBlock(await readCrontab(), this.invocation.configFile, block));
    await this.saveManifest({ ...(await this.manifest()), crontab: { configFile: this.invocation.configFile } });
  }

  async uninstall(): Promise<{ readonly files: readonly string[]; readonly crontab: boolean }> {
    const manifest = await this.manifest();
    const files = manifest.systemd ? await this.removeFiles(manifest.systemd.files) : [];
    if (manifest.crontab) await writeCrontab(withCrontabBlock(await readCrontab(), manifest.crontab.configFile, undefined));
    await rm(this.manifestFile, { force: true });
    return { files, crontab: manifest.crontab !== undefined };
  }

  private async removeFiles(files: readonly string[]): Promise<string[]> {
    const removed: string[] = [];
    for (const file of files) {
      if (await rm(file).then(() => true, () => false)) removed.push(file);
    }
    return removed;
  }

  private async saveManifest(manifest: InstallManifest): Promise<void> {
    await mkdir(this.dataDir, { recursive: true });
    await writeFile(this.manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  }
}

function crontabMissing(error: unknown): never {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new TimeLockerError('unavailable', '`crontab` is not installed on this machine (Debian: apt-get install cron); print the lines with `schedule install --cron` and add them yourself, or use --systemd.');
  }
  throw error;
}

async function readCrontab(): Promise<string> {
  // `crontab -l` exits 1 when the user has no crontab yet: that is an empty one.
  const result = await execa('crontab', ['-l'], { reject: false }).catch(crontabMissing);
  if (result.failed && result.exitCode === undefined) crontabMissing(result.cause);
  return result.exitCode === 0 ? result.stdout : '';
}

async function writeCrontab(text: string): Promise<void> {
  await execa('crontab', ['-'], { input: text }).catch(crontabMissing);
}
