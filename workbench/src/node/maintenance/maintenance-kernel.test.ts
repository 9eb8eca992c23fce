import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFile, chmod, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CancellationToken, type JobDto } from '@timelocker/plugin-api';
import { pollUntil } from '@timelocker/plugin-api/testing';
import { expect } from 'chai';
import { JobStore } from '../catalog/job-store.js';
import { outcomeOf } from '../jobs/job-service.js';
import { ConfigService } from '../config/config-service.js';
import type { Kernel } from '../kernel.js';
import { useKernelTestDir } from '../kernel-test-support.js';
import { BackupService } from '../operations/backup-service.js';
import { RestoreService } from '../operations/restore-service.js';
import { TargetResolver } from '../operations/target-resolver.js';
import { ResticEngine } from '../restic/restic-engine.js';
import { InterruptedJobsResumeContribution } from './interrupted-jobs-resume-contribution.js';
import { verifyRestoredTree } from '../operations/restore-verification.js';

const run = promisify(execFile);
const PASSWORD_VAR = 'TL_MAINT_TEST_PW';
const PASSWORD = 'maintenance-kernel-pw-5521';
const resticEnv = (repo: string): NodeJS.ProcessEnv => ({ ...process.env, RESTIC_PASSWORD: PASSWORD, RESTIC_REPOSITORY: repo });

describe('maintenance in a real kernel (real restic, local repositories)', function () {
  this.timeout(180_000);
  const testDir = useKernelTestDir('tl-maint-kernel-', { [PASSWORD_VAR]: PASSWORD });
  let dir: string;
  const repos = ['r1', 'r2', 'r3'];

  before(async () => {
    dir = testDir.path;
    const config = { repositories: {} as Record<string, unknown>, plans: {} as Record<string, unknown>, concurrency: 3 };
    await Promise.all(repos.map(async (name) => {
      const source = join(dir, `src-${name}`);
      await mkdir(join(source, 'sub'), { recursive: true });
      // Large enough that each backup takes a measurable while, so overlap (or its absence) shows.
      for (let i = 0; i < 4; i++) await writeFile(join(source, `blob-${i}`), randomBytes(24 * 1024 * 1024));
      await writeFile(join(source, 'sub', 'note.txt'), `note of ${name}\n`);
      await chmod(join(source, 'sub', 'note.txt'), 0o640);
      config.repositories[name] = { backend: 'local', path: join(dir, `repo-${name}`), password: { env: PASSWORD_VAR } };
      config.plans[`p-${name}`] = { repository: name, paths: [source] };
      await run('restic', ['init'], { env: resticEnv(join(dir, `repo-${name}`)) });
    }));
    await writeFile(join(dir, 'timelocker.json'), JSON.stringify(config, null, 2));
  });

  async function backupAll(k: Kernel): Promise<JobDto[]> {
    const backups = k.get<BackupService>(BackupService);
    const runs = await Promise.all(repos.map((r) => outcomeOf(backups.backup(`p-${r}`, () => undefined, CancellationToken.None))));
    for (const r of runs) expect(r.job.status, r.job.error).to.equal('succeeded');
    const store = k.get<JobStore>(JobStore);
    return Promise.all(runs.map(async (r) => (await store.get(r.job.id))!));
  }

  const overlapping = (jobs: readonly JobDto[]): boolean =>
    Math.max(...jobs.map((j) => Date.parse(j.startedAt!))) < Math.min(...jobs.map((j) => Date.parse(j.finishedAt!)));

  it('concurrency 3: three backups to three repositories overlap in time (catalog start/end times)', async () => {
    const kernel = await testDir.startKernel();
    const jobs = await backupAll(kernel);
    expect(overlapping(jobs), JSON.stringify(jobs.map((j) => [j.startedAt, j.finishedAt]))).to.equal(true);
    for (const job of jobs) expect(job.summary?.['attempts']).to.equal(1);
  });

  it('concurrency 1: the same three backups run one after another', async () => {
    const kernel = await testDir.startKernel();
    await kernel.get<ConfigService>(ConfigService).modify(['concurrency'], 1);
    const jobs = [...(await backupAll(kernel))].sort((a, b) => a.startedAt!.localeCompare(b.startedAt!));
    for (let i = 1; i < jobs.length; i++) expect(Date.parse(jobs[i]!.startedAt!)).to.be.at.least(Date.parse(jobs[i - 1]!.finishedAt!));
    await kernel.get<ConfigService>(ConfigService).modify(['concurrency'], 3);
  });

  it('restore --verify passes on an intact restore; tampering after restic restore is reported by path', async () => {
    const kernel = await testDir.startKernel();
    const target = join(dir, 'restored');
    const restored = await outcomeOf(kernel.get<RestoreService>(RestoreService).restore(
      { repository: 'r1', snapshot: 'latest', target, include: [], verify: true, overwrite: false }, CancellationToken.None));
    expect(restored.job.status, restored.job.error).to.equal('succeeded');
    expect(restored.job.summary?.['checkedEntries']).to.be.greaterThan(5);
    const source = join(dir, 'src-r1');
    // Tamper between restic's restore and our check, then run the check step on the real files.
    await appendFile(join(target, source, 'blob-1'), 'x');
    await chmod(join(target, source, 'sub', 'note.txt'), 0o666);
    await rm(join(target, source, 'blob-2'));
    const resticTarget = await kernel.get<TargetResolver>(TargetResolver).resolve('r1', { operation: 'restore' }, CancellationToken.None);
    const nodes = await kernel.get<ResticEngine>(ResticEngine).lsAll(resticTarget, restored.job.summary!.snapshotId!, CancellationToken.None);
    const mismatches = await verifyRestoredTree(nodes, target);
    expect(mismatches.map((m) => [m.path, m.problem])).to.have.deep.members([
      [join(source, 'blob-1'), `size ${24 * 1024 * 1024 + 1} bytes, the snapshot records ${24 * 1024 * 1024}`],
      [join(source, 'sub', 'note.txt'), 'mode 666, the snapshot records 640'],
      [join(source, 'blob-2'), 'missing (a file in the snapshot)'],
    ]);
  });

  it('a long-running kernel clears the stale lock of an interrupted backup and re-runs a plan with resumeInterrupted', async () => {
    const repo = join(dir, 'repo-r2');
    // A backup whose process died (SIGKILL): a real stale lock in the repository and a job row left "running".
    const restic = spawn('restic', ['backup', '--limit-upload', '512', join(dir, 'src-r2')], { env: resticEnv(repo), stdio: 'ignore' });
    // Wait for a finished lock file: restic writes it under a `-tmp-` name first and renames it.
    await pollUntil('restic to take a lock', async () => (await readdir(join(repo, 'locks'))).some((name) => /^[0-9a-f]{64}$/.test(name)), 20_000);
    restic.kill('SIGKILL');
    await new Promise((r) => restic.once('exit', r));
    const dead = spawn(process.execPath, ['-e', '']);
    await new Promise((r) => dead.once('exit', r));
    const setup = await testDir.startKernel('cli:test');
    const store = setup.get<JobStore>(JobStore);
    const { job: crashed } = await store.create({ kind: 'backup', repository: 'r2', plan: 'p-r2' });
    await store.update(crashed.id, { status: 'running', startedAt: new Date().toISOString(), ownerPid: dead.pid! });
    await setup.get<ConfigService>(ConfigService).modify(['plans', 'p-r2', 'resumeInterrupted'], true);
    await setup.stop();
    expect(await readdir(join(repo, 'locks'))).to.have.length(1);

    const kernel = await testDir.startKernel();
    await kernel.container.get(InterruptedJobsResumeContribution).done;
    const jobs = await kernel.get<JobStore>(JobStore).list({ repository: 'r2' });
    expect((await kernel.get<JobStore>(JobStore).get(crashed.id))?.status).to.equal('interrupted');
    const after = jobs.filter((j) => j.queuedAt >= crashed.queuedAt && j.id !== crashed.id);
    expect(after.map((j) => `${j.kind}:${j.status}`)).to.include.members(['unlock:succeeded', 'backup:succeeded']);
    expect(await readdir(join(repo, 'locks'))).to.deep.equal([]);
  });
});
