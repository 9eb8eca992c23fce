import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { WorkbenchProcess } from '../browser/support/workbench-process.js';
import type { TestWorkspace } from '../support/workspace.js';
import { workspaceWithLocalRepo } from '../support/workspace-with-repo.js';

describe('check --read-data-subset is validated before a job starts (real CLI, real server, real restic)', function () {
  this.timeout(120_000);
  let ws: TestWorkspace;
  let cli: Awaited<ReturnType<typeof workspaceWithLocalRepo>>['cli'];

  before(async () => {
    let source: string;
    ({ ws, cli, source } = await workspaceWithLocalRepo('check-subset-pw-5'));
    // restic refuses a size subset of a repository without data.
    await writeFile(join(source, 'a.txt'), 'checked\n');
    for (const step of [['plan', 'add', 'docs', '--repo', 'r', '--path', source], ['backup', 'docs']]) {
      const result = await cli(step);
      expect(result.code, result.stderr).to.equal(0);
    }
  });
  after(() => ws?.remove());

  const checkJobs = async (): Promise<number> => {
    const jobs = await cli(['jobs', '--json']);
    expect(jobs.code, jobs.stderr).to.equal(0);
    return (JSON.parse(jobs.stdout) as Array<{ kind: string }>).filter((job) => job.kind === 'check').length;
  };

  it('refuses what restic would refuse with a usage error (exit 2) naming the accepted forms, and records no job', async () => {
    for (const [subset, why] of [['150%', 'a percentage must be above 0 and at most 100'], ['0%', 'a percentage must be above 0'],
      ['abc', 'is not valid'], ['500', 'is not valid'], ['3/2', 'N/M needs 1 ≤ N ≤ M ≤ 256'], ['1/257', 'N/M needs'], ['0M', 'a size must be above 0']] as const) {
      const check = await cli(['check', 'r', '--read-data-subset', subset]);
      expect(check.code, `${subset}: ${check.stderr}`).to.equal(2);
      expect(check.stderr).to.include(`read data subset "${subset}"`).and.include(why).and.include('e.g. 1/10').and.include('e.g. 500M');
      expect(check.stderr).to.not.include('restic check found errors');
    }
    expect(await checkJobs()).to.equal(0);
  });

  it('passes what restic takes to restic', async () => {
    for (const subset of ['100%', '0.5%', '1/2', '256/256', '500M', '1k']) {
      const check = await cli(['check', 'r', '--read-data-subset', subset]);
      expect(check.code, `${subset}: ${check.stderr}`).to.equal(0);
      expect(check.stdout).to.include(`(read data subset ${subset})`);
    }
  });

  it('the REST API answers 400 for the same values, and starts no job', async () => {
    const before = await checkJobs();
    const server = await WorkbenchProcess.start(ws, { env: { REPO_PW: 'check-subset-pw-5' } });
    try {
      const response = await fetch(new URL('/api/v1/jobs', server.baseUrl), {
        method: 'POST', headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'check', repository: 'r', readDataSubset: '150%' }),
      });
      expect(response.status).to.equal(400);
      expect(((await response.json()) as { message: string }).message).to.include('read data subset "150%": a percentage must be above 0 and at most 100');
    } finally {
      await server.stop();
    }
    expect(await checkJobs()).to.equal(before);
  });
});
