import { join } from 'node:path';
import { expect } from 'chai';
import { json } from '../support/cli.js';
import { TestWorkspace } from '../support/workspace.js';
import { serveWorkbench } from '../api/serve-process.js';

const env = { REPO_PW: 'removed-plans-password', TIMELOCKER_PASSWORD: undefined };

interface StatusJson {
  plans: number;
  planStatuses: Array<{ plan: string }>;
}

describe('status shows the configured plans only; a removed plan\'s runs stay in the job history (real CLI, served API)', function () {
  this.timeout(120_000);
  let ws: TestWorkspace;
  const cli = (args: readonly string[]) => ws.cli(args, { env });

  before(async () => {
    ws = await TestWorkspace.create();
    expect((await cli(['repo', 'add', 'main', '--backend', 'local', '--path', join(ws.path, 'repo'), '--password-env', 'REPO_PW'])).code).to.equal(0);
    expect((await cli(['repo', 'init', 'main'])).code).to.equal(0);
    for (const plan of ['kept', 'gone-ok', 'gone-failed']) {
      expect((await cli(['plan', 'add', plan, '--repo', 'main', '--path', ws.path])).code).to.equal(0);
    }
    expect((await cli(['backup', 'kept'])).code).to.equal(0);
    expect((await cli(['backup', 'gone-ok'])).code).to.equal(0);
    // A wrong password makes restic fail: the plan has a failure in its history.
    expect((await ws.cli(['backup', 'gone-failed'], { env: { ...env, REPO_PW: 'wrong' } })).code).not.to.equal(0);
    for (const plan of ['gone-ok', 'gone-failed']) expect((await cli(['plan', 'remove', plan])).code).to.equal(0);
  });
  after(() => ws?.remove());

  it('`status --json` and GET /api/v1/status list exactly the configured plans', async () => {
    const status = json<StatusJson>(await cli(['status', '--json']));
    expect(status.plans).to.equal(1);
    expect(status.planStatuses.map((s) => s.plan)).to.deep.equal(['kept']);
    const table = await cli(['status']);
    expect(table.code, table.stderr).to.equal(0);
    expect(table.stdout).to.match(/kept\s+main/).and.not.match(/gone-/);

    const served = await serveWorkbench(ws, env);
    try {
      const response = await fetch(new URL('/api/v1/status', served.url), { headers: { authorization: `Bearer ${served.adminToken}` } });
      expect(((await response.json()) as StatusJson).planStatuses.map((s) => s.plan)).to.deep.equal(['kept']);
    } finally {
      await served.stop();
    }
  });

  it('the removed plans\' jobs are still in the job history', async () => {
    const jobs = json<Array<{ plan?: string; status: string }>>(await cli(['jobs', '--json']));
    expect(jobs.filter((j) => j.plan?.startsWith('gone-')).map((j) => `${j.plan} ${j.status}`).sort())
      .to.deep.equal(['gone-failed failed', 'gone-ok succeeded']);
  });
});
