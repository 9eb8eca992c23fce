import { expect } from 'chai';
import { pollUntil } from '@timelocker/plugin-api/testing';
import { json } from '../support/cli.js';
import type { TestWorkspace } from '../support/workspace.js';
import { addSlowPlan, workspaceWithRepo } from '../support/workspace-with-repo.js';

interface JobJson { id: string; plan?: string; status: string }

describe('privacy erase while a job runs in another process (real CLI, real restic)', function () {
  this.timeout(180_000);
  let ws: TestWorkspace;

  after(() => ws?.remove());

  it('refuses, naming the job, and erases nothing; once the job has ended it erases everything', async () => {
    ({ ws } = await workspaceWithRepo(64 * 1024, { plan: 'docs' }));
    await addSlowPlan(ws);
    const done = await ws.cli(['backup', 'docs']);
    expect(done.code, done.stderr).to.equal(0);
    const slow = ws.spawn(['backup', 'slow', '--no-workbench']);
    let jobsBefore: JobJson[];
    try {
      const running = await pollUntil('the slow backup running', async () =>
        json<JobJson[]>(await ws.cli(['jobs', '--status', 'running', '--json'])).find((job) => job.plan === 'slow'), 60_000);
      jobsBefore = json<JobJson[]>(await ws.cli(['jobs', '--json']));
      const auditBefore = json<unknown[]>(await ws.cli(['audit', 'list', '--json']));

      const refused = await ws.cli(['privacy', 'erase', '--yes']);
      expect(refused.code).to.not.equal(0);
      expect(refused.stderr).to.match(new RegExp(`Nothing was erased: 1 job\\(s\\) still run: backup slow on home \\(job ${running.id}, pid ${slow.child.pid}\\)\\. `
        + 'Their records would come back when they end\\. Wait for them to end \\(timelocker jobs --status running\\) or stop them'));
      expect(json<JobJson[]>(await ws.cli(['jobs', '--json'])).map((job) => job.id)).to.deep.equal(jobsBefore.map((job) => job.id));
      // The refusal adds nothing either: the audit log is as it was, and intact.
      expect(json<unknown[]>(await ws.cli(['audit', 'list', '--json']))).to.have.length(auditBefore.length);
      expect((await ws.cli(['audit', 'verify'])).code).to.equal(0);
    } finally {
      slow.child.kill('SIGINT');
    }
    expect((await slow.done).code).to.equal(130);

    const erased = await ws.cli(['privacy', 'erase', '--yes', '--json']);
    expect(erased.code, erased.stderr).to.equal(0);
    // The repository's init, the first backup and the cancelled one, whose end was recorded before the erasure.
    expect(json<{ jobs: number }>(erased).jobs).to.equal(jobsBefore.length).and.equal(3);
    expect(json<JobJson[]>(await ws.cli(['jobs', '--json']))).to.deep.equal([]);
  });
});
