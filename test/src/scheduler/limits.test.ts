import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { pollUntil } from '@timelocker/plugin-api/testing';
import { json } from '../support/cli.js';
import { listProcesses } from '../support/processes.js';
import type { TestWorkspace } from '../support/workspace.js';
import { editConfig, lockFiles, plansOf, workspaceWithRepo } from '../support/workspace-with-repo.js';

interface JobJson { plan?: string; status: string; startedAt?: string; finishedAt?: string; summary?: { dataAdded?: number } }

/** The restic process started by `parent` (nice and ionice exec it in place, so it is a direct child). */
async function resticChildOf(parent: number): Promise<{ pid: number; nice: number } | undefined> {
  const restic = (await listProcesses()).find((proc) => proc.comm === 'restic' && proc.ppid === parent);
  // fields[0] is field 3 (state) of proc(5): nice is field 19.
  return restic && { pid: restic.pid, nice: Number(restic.fields[16]) };
}

describe('limits: bandwidth, nice and ionice really apply to restic (real restic, local repository)', function () {
  this.timeout(120_000);
  let ws: TestWorkspace;
  let source: string;
  let repo: string;

  before(async () => {
    ({ ws, source, repo } = await workspaceWithRepo(4 * 1024 * 1024));
  });

  after(() => ws?.remove());

  it('4 MiB at an upload limit of 1024 KiB/s takes at least 3.5 s', async () => {
    // Baseline: the same amount of fresh data without a limit.
    const baseline = join(ws.path, 'baseline');
    await mkdir(baseline);
    await writeFile(join(baseline, 'random.bin'), randomBytes(4 * 1024 * 1024));
    await editConfig(ws, (config) => {
      plansOf(config)['limited'] = { repository: 'home', paths: [source], limits: { uploadKiBps: 1024 } };
      plansOf(config)['unlimited'] = { repository: 'home', paths: [baseline] };
    });
    for (const plan of ['unlimited', 'limited']) {
      const backup = await ws.cli(['backup', plan]);
      expect(backup.code, backup.stderr).to.equal(0);
    }
    const jobs = json<JobJson[]>(await ws.cli(['jobs', '--json']));
    // The job's span is restic's run (start to exit) without the CLI's own start-up.
    const seconds = (plan: string): number => {
      const job = jobs.find((j) => j.plan === plan)!;
      expect(job.summary?.dataAdded ?? 0, plan).to.be.at.least(4 * 1024 * 1024);
      return (Date.parse(job.finishedAt!) - Date.parse(job.startedAt!)) / 1000;
    };
    expect(seconds('limited')).to.be.at.least(3.5);
    // The job also covers fixed costs (restic start-up, a stats sample): the limit must account for the difference.
    expect(seconds('limited') - seconds('unlimited')).to.be.at.least(1.5);
    const argv = (await ws.resticArgv()).find((a) => a.includes('backup') && a.includes('plan:limited'));
    expect(argv).to.include.members(['--limit-upload', '1024']);
  });

  it('runs restic with the configured niceness and I/O class', async () => {
    const fresh = join(ws.path, 'fresh');
    await mkdir(fresh);
    await writeFile(join(fresh, 'random.bin'), randomBytes(4 * 1024 * 1024));
    await editConfig(ws, (config) => { config['limits'] = { nice: 12, ioniceClass: 3 }; plansOf(config)['niced'] = { repository: 'home', paths: [fresh], limits: { uploadKiBps: 256 } }; });
    const running = ws.spawn(['backup', 'niced']);
    try {
      const restic = await pollUntil('the restic process', () => resticChildOf(running.child.pid!));
      expect(restic.nice).to.equal(12);
      expect(execFileSync('ionice', ['-p', String(restic.pid)], { encoding: 'utf8' }).trim()).to.equal('idle');
    } finally {
      running.child.kill('SIGINT');
    }
    const exit = await running.done;
    expect(exit.code).to.equal(130);
    await pollUntil('restic to remove its lock', async () => ((await lockFiles(repo)).length === 0 ? true : undefined));
  });
});
