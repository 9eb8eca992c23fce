import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { pollUntil } from '@timelocker/plugin-api/testing';
import { type CliResult, json } from '../support/cli.js';
import type { TestWorkspace } from '../support/workspace.js';
import { workspaceWithLocalRepo } from '../support/workspace-with-repo.js';
import { childPids, editConfig, type JobJson } from './maintenance-support.js';

const PASSWORD = 'locks-pw-3307';

describe('locks and interrupted jobs (real restic, SIGKILL, live lock holders)', function () {
  this.timeout(180_000);
  let ws: TestWorkspace;
  let repo: string;
  let source: string;
  const env = { REPO_PW: PASSWORD };
  let cli: (args: readonly string[]) => Promise<CliResult>;
  const started: ChildProcess[] = [];

  before(async () => {
    ({ ws, repo, source, cli } = await workspaceWithLocalRepo(PASSWORD));
    for (let i = 0; i < 4; i++) await writeFile(join(source, `blob-${i}`), randomBytes(2 * 1024 * 1024));
    expect((await cli(['plan', 'add', 'p', '--repo', 'r', '--path', source])).code).to.equal(0);
    // Slow enough (8 MiB at 1 MiB/s) to be killed mid-run; retention so that forget has work.
    await editConfig(ws, (c) => { c.plans.p.limits = { uploadKiBps: 1024 }; c.plans.p.retention = { keepLast: 3 }; c.plans.p.afterBackup = 'none'; });
  });

  after(async () => {
    for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await ws?.remove();
  });

  const locks = (): Promise<string[]> => readdir(join(repo, 'locks'));
  /** restic writes a lock under a `-tmp-` name first and renames it; only a finished one counts. */
  const finishedLocks = async (): Promise<string[]> => (await locks()).filter((name) => /^[0-9a-f]{64}$/.test(name));

  function isGone(pid: number): boolean {
    try {
      process.kill(pid, 0);
      return false;
    } catch {
      return true;
    }
  }

  async function stop(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGINT');
    await exited;
  }

  /** Starts `timelocker backup p` and SIGKILLs it and its restic child once restic holds its lock. */
  async function killBackupMidRun(): Promise<void> {
    const backup = ws.spawn(['backup', 'p'], { env });
    started.push(backup.child);
    const resticPid = await pollUntil('restic holding its lock under the CLI', async () => {
      const [pid] = await childPids(backup.child.pid!, 'restic');
      return pid !== undefined && (await finishedLocks()).length > 0 ? pid : undefined;
    });
    backup.child.kill('SIGKILL');
    process.kill(resticPid, 'SIGKILL');
    await backup.done;
    // Until the orphaned restic is reaped its pid still exists, and restic rightly treats its lock as live.
    await pollUntil('the killed restic to be gone', async () => (isGone(resticPid) ? true : undefined));
    // A short-lived read the CLI ran beside the backup (now orphaned) may still hold its own lock for a moment.
    await pollUntil('only the killed backup\'s stale lock to be left', async () => ((await locks()).length === 1 ? true : undefined), 30_000);
  }

  it('after SIGKILL of a backup (CLI and restic), forget, prune and check succeed without a manual step', async () => {
    await killBackupMidRun();
    const forget = await cli(['forget', 'p']);
    expect(forget.code, forget.stderr).to.equal(0);
    expect((await cli(['prune', 'r'])).code).to.equal(0);
    expect((await cli(['check', 'r'])).code).to.equal(0);
    expect(await locks()).to.deep.equal([]);
    const log = await readFile(join(ws.dataDir, 'logs', 'timelocker.log'), 'utf8');
    expect(log).to.include('r: ran restic unlock (removes stale locks only)');
    const jobs = json<JobJson[]>(await cli(['jobs', '--json']));
    expect(jobs.find((j) => j.kind === 'backup')?.status).to.equal('interrupted');
    expect(jobs.find((j) => j.kind === 'forget')?.summary?.['attempts']).to.equal(2);
    expect(String(jobs.find((j) => j.kind === 'forget')?.summary?.['attemptErrors'])).to.include('locked');
  });

  /** A plain restic backup (another program) holding a live lock on the repository. */
  let holders = 0;
  async function liveLockHolder(locksBefore = 0): Promise<ChildProcess> {
    // New data each time, so restic really uploads (slowly) instead of finishing at once on deduplicated files.
    const data = join(ws.path, `holder-${holders++}`);
    await mkdir(data);
    await writeFile(join(data, 'blob'), randomBytes(8 * 1024 * 1024));
    const holder = spawn('restic', ['backup', '--limit-upload', '256', data], {
      env: { ...process.env, RESTIC_REPOSITORY: repo, RESTIC_PASSWORD: PASSWORD }, stdio: 'ignore',
    });
    started.push(holder);
    await pollUntil('the live lock', async () => ((await locks()).length > locksBefore ? true : undefined));
    return holder;
  }

  it('a live lock is reported with its holder (PID, host, age) and fails at once with locks.wait "0s"', async () => {
    await editConfig(ws, (c) => { c.locks = { wait: '0s' }; });
    await cli(['forget', 'p']);
    const holder = await liveLockHolder();
    try {
      const check = await cli(['check', 'r']);
      expect(check.code).to.equal(1);
      expect(check.stderr).to.match(new RegExp(`locked by another process: a lock held by PID ${holder.pid!} on host ${hostname()} \\(user \\S+\\), created [\\d.]+m?s ago`));
      expect(check.stderr).to.include('locks.wait');
    } finally {
      await stop(holder);
    }
  });

  it('with locks.wait the job waits for the live lock and runs once it is released', async () => {
    await editConfig(ws, (c) => { c.locks = { wait: '2m', pollSeconds: 0.5 }; });
    const holder = await liveLockHolder();
    const check = ws.spawn(['check', 'r'], { env });
    started.push(check.child);
    await pollUntil('the check waiting on the lock', async () => ((await readFile(join(ws.dataDir, 'logs', 'timelocker.log'), 'utf8')).includes(`held by PID ${holder.pid!}`) ? true : undefined));
    expect(check.child.exitCode).to.equal(null);
    holder.kill('SIGINT');
    const result = await check.done;
    expect(result.code, result.stderr).to.equal(0);
  });

  it('`timelocker resume` clears the stale lock of an interrupted backup and re-runs a plan with resumeInterrupted', async () => {
    await editConfig(ws, (c) => { c.plans.p.resumeInterrupted = true; });
    await killBackupMidRun();
    const resumed = await cli(['resume', '--json']);
    expect(resumed.code, resumed.stderr).to.equal(0);
    const report = json<{ interrupted: JobJson[]; unlocks: JobJson[]; resumed: JobJson[] }>(resumed);
    // This one, and the one killed in the first test when that ran too (its lock was cleared, but nothing re-ran it).
    expect(report.interrupted.length).to.be.at.least(1);
    expect(new Set(report.interrupted.map((j) => `${j.kind}:${j.plan}`))).to.deep.equal(new Set(['backup:p']));
    expect(report.unlocks.map((j) => `${j.kind}:${j.status}`)).to.deep.equal(['unlock:succeeded']);
    expect(report.resumed.map((j) => `${j.plan}:${j.status}`)).to.deep.equal(['p:succeeded']);
    expect(await locks()).to.deep.equal([]);
    const again = json<{ interrupted: JobJson[] }>(await cli(['resume', '--json']));
    expect(again.interrupted).to.deep.equal([]);
  });

  it('`timelocker unlock` removes stale locks and leaves a live one', async () => {
    await killBackupMidRun();
    const holder = await liveLockHolder(1);
    try {
      expect(await locks()).to.have.length(2);
      const unlocked = await cli(['unlock', 'r']);
      expect(unlocked.code, unlocked.stderr).to.equal(0);
      expect(await locks()).to.have.length(1);
    } finally {
      await stop(holder);
    }
  });
});
