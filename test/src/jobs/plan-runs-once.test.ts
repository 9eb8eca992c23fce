import { expect } from 'chai';
import { pollUntil } from '@timelocker/plugin-api/testing';
import { TestBrowser } from '../browser/support/browser.js';
import { WorkbenchProcess } from '../browser/support/workbench-process.js';
import { json } from '../support/cli.js';
import type { TestWorkspace } from '../support/workspace.js';
import { editConfig, workspaceWithRepo } from '../support/workspace-with-repo.js';

interface JobJson { id: string; kind: string; plan?: string; status: string; joined?: boolean; log?: string[] }

describe('a plan never runs twice at once; every job keeps its output (real server, real CLI, Chromium, real restic)', function () {
  this.timeout(180_000);
  let ws: TestWorkspace;
  let server: WorkbenchProcess;

  const api = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: JobJson }> => {
    const response = await fetch(new URL(`/api/v1${path}`, server.baseUrl), {
      method,
      headers: { authorization: `Bearer ${server.adminToken}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: await response.json() as JobJson };
  };

  before(async () => {
    // Incompressible data behind an upload limit: the backup lasts a few seconds, long enough to ask again.
    ({ ws } = await workspaceWithRepo(4 * 1024 * 1024, { plan: 'docs' }));
    await editConfig(ws, (config) => { config['limits'] = { uploadKiBps: 1024 }; });
    server = await WorkbenchProcess.start(ws);
  });

  after(async () => {
    await server?.stop();
    await ws?.remove();
  });

  let jobId: string;

  it('a second request, from the API or from another process (the CLI), joins the running backup', async () => {
    const first = await api('POST', '/jobs', { kind: 'backup', plan: 'docs' });
    expect(first.status).to.equal(202);
    expect(first.body.joined).to.equal(false);
    jobId = first.body.id;
    const again = await api('POST', '/jobs', { kind: 'backup', plan: 'docs' });
    expect(again.status).to.equal(202);
    expect(again.body).to.deep.include({ id: jobId, joined: true });
    const cli = await ws.cli(['backup', 'docs']);
    expect(cli.code, cli.stderr).to.equal(0);
    expect(cli.stderr).to.include(`Plan "docs" is already being backed up (job ${jobId}`);
    const done = await pollUntil('the backup to end', async () => {
      const job = (await api('GET', `/jobs/${jobId}`)).body;
      return job.status === 'running' || job.status === 'queued' ? undefined : job;
    }, 120_000);
    expect(done.status).to.equal('succeeded');
    expect(json<unknown[]>(await ws.cli(['snapshots', '--json'])), 'one snapshot, not two').to.have.length(1);
    expect(json<JobJson[]>(await ws.cli(['jobs', '--json'])).filter((j) => j.kind === 'backup')).to.have.length(1);
  });

  it('keeps the output: timelocker job show --log, and the job details in the UI after a restart', async () => {
    const shown = await ws.cli(['job', 'show', jobId, '--log']);
    expect(shown.code, shown.stderr).to.equal(0);
    expect(shown.stdout).to.match(/queued: backup docs/).and.match(/started \(pid \d+\)/).and.match(/progress \d+\.\d %/)
      .and.match(/joined by api:session-1/).and.match(/joined by cli:/).and.match(/audit head recorded in snapshot [0-9a-f]{8}: entry \d+/).and.match(/succeeded/);

    await server.stop();
    server = await WorkbenchProcess.start(ws);
    const kept = shown.stdout.split('\n').slice(shown.stdout.split('\n').indexOf('log:') + 1).map((l) => l.trim()).filter(Boolean);
    expect((await api('GET', `/jobs/${jobId}`)).body.log, 'the same output after a restart').to.deep.equal(kept);
    const browser = await TestBrowser.launch();
    try {
      const page = await browser.newPage();
      await page.goto(server.openUrl);
      await page.click('tl-privacy-notice button[data-action=accept]').catch(() => undefined);
      await page.click('nav.activity button[data-view="jobs"]');
      await page.click(`tl-jobs-view [data-job="${jobId}"]`);
      const log = await page.waitForSelector('tl-job-details pre >> text=/joined by cli:/');
      expect(await log.textContent()).to.match(/started \(pid \d+\)/).and.match(/succeeded/);
    } finally {
      await browser.close();
    }
  });
});
