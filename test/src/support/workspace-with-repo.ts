import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import type { CliResult } from './cli.js';
import { TestWorkspace } from './workspace.js';

export const REPO_PASSWORD_ENV = { SCHED_REPO_PW: 'scheduler-repo-pw-1' };

/**
 * A workspace with an initialized local repository `home` (password from an env var) and a source of `bytes` random
 * bytes; with `plan`, also a plan of that name backing up the source to `home`.
 */
export async function workspaceWithRepo(bytes: number, options: { readonly plan?: string } = {}): Promise<{ ws: TestWorkspace; source: string; repo: string }> {
  const ws = await TestWorkspace.create(REPO_PASSWORD_ENV);
  const source = join(ws.path, 'source');
  const repo = join(ws.path, 'repo');
  await mkdir(source);
  // Random data: restic can neither deduplicate nor compress it, so the whole size goes through the limiter.
  await writeFile(join(source, 'random.bin'), randomBytes(bytes));
  const added = await ws.cli(['repo', 'add', 'home', '--backend', 'local', '--path', repo, '--password-env', 'SCHED_REPO_PW']);
  expect(added.code, added.stderr).to.equal(0);
  const init = await ws.cli(['repo', 'init', 'home']);
  expect(init.code, init.stderr).to.equal(0);
  if (options.plan) {
    const plan = await ws.cli(['plan', 'add', options.plan, '--repo', 'home', '--path', source]);
    expect(plan.code, plan.stderr).to.equal(0);
  }
  return { ws, source, repo };
}

/**
 * A workspace with an empty source folder `src` and an initialized local repository `r` (password from REPO_PW);
 * `cli` runs the CLI with that password in its environment.
 */
export async function workspaceWithLocalRepo(password: string): Promise<{ ws: TestWorkspace; repo: string; source: string; cli: (args: readonly string[]) => Promise<CliResult> }> {
  const ws = await TestWorkspace.create();
  const repo = join(ws.path, 'repo');
  const source = join(ws.path, 'src');
  await mkdir(source);
  const cli = (args: readonly string[]): Promise<CliResult> => ws.cli(args, { env: { REPO_PW: password } });
  const added = await cli(['repo', 'add', 'r', '--backend', 'local', '--path', repo, '--password-env', 'REPO_PW']);
  expect(added.code, added.stderr).to.equal(0);
  const init = await cli(['repo', 'init', 'r']);
  expect(init.code, init.stderr).to.equal(0);
  return { ws, repo, source, cli };
}

/** Edits timelocker.json as a person would (the CLI writes plain JSON, so JSON.parse reads it); `C` types what the edit touches. */
export async function editConfig<C extends object = Record<string, unknown>>(ws: TestWorkspace, edit: (config: C) => void): Promise<void> {
  const config = JSON.parse(await readFile(ws.configFile, 'utf8')) as C;
  edit(config);
  await writeFile(ws.configFile, JSON.stringify(config, null, 2));
}

export function plansOf(config: Record<string, unknown>): Record<string, Record<string, unknown>> {
  config['plans'] ??= {};
  return config['plans'] as Record<string, Record<string, unknown>>;
}

/** restic's lock files in a local repository (none once every restic process ended cleanly). */
export async function lockFiles(repo: string): Promise<string[]> {
  return readdir(join(repo, 'locks')).catch(() => []);
}

export const hhmmss = (d: Date): string => [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');

/**
 * A plan `name` on repository `home` that backs up 6 MiB of incompressible data behind an upload limit of 512 KiB/s:
 * a backup that runs for seconds, to be interrupted or raced with.
 */
export async function addSlowPlan(ws: TestWorkspace, name = 'slow'): Promise<void> {
  const folder = join(ws.path, name);
  await mkdir(folder);
  await writeFile(join(folder, 'random.bin'), randomBytes(6 * 1024 * 1024));
  await editConfig(ws, (config) => {
    plansOf(config)[name] = { repository: 'home', paths: [folder], limits: { uploadKiBps: 512 } };
  });
}
