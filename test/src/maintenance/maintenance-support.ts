import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { TestWorkspace } from '../support/workspace.js';
import { editConfig as editConfigFile } from '../support/workspace-with-repo.js';

const run = promisify(execFile);

export interface JobJson { id: string; kind: string; status: string; plan?: string; startedAt?: string; finishedAt?: string; summary?: Record<string, unknown>; error?: string }

/** The parts of timelocker.json these tests edit; everything else passes through untouched. */
export interface ConfigJson {
  plans: Record<string, Record<string, unknown>>;
  [section: string]: unknown;
}

/** The shared config edit, typed with the sections these tests edit. */
export const editConfig: (ws: TestWorkspace, edit: (config: ConfigJson) => void) => Promise<void> = editConfigFile;

/** Raw restic against a repository, the baseline the CLI is compared with. */
export async function restic(repo: string, password: string, args: readonly string[]): Promise<string> {
  const { stdout } = await run('restic', args, { env: { ...process.env, RESTIC_REPOSITORY: repo, RESTIC_PASSWORD: password }, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/** Pids of the direct children of `pid` whose command is `name`. */
export async function childPids(pid: number, name: string): Promise<number[]> {
  const { stdout } = await run('ps', ['-o', 'pid=,comm=', '--ppid', String(pid)]).catch(() => ({ stdout: '' }));
  return stdout.split('\n').map((l) => l.trim().split(/\s+/)).filter(([, comm]) => comm === name).map(([p]) => Number(p));
}
