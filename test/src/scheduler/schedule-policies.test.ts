import { expect } from 'chai';
import { pollUntil } from '@timelocker/plugin-api/testing';
import { serveWorkbench } from '../api/serve-process.js';
import { json } from '../support/cli.js';
import type { TestWorkspace } from '../support/workspace.js';
import { editConfig, hhmmss, plansOf, workspaceWithRepo } from '../support/workspace-with-repo.js';

interface Finding { severity: string; rule: string; plan?: string; message: string }

describe('schedule policy rules through the real CLI (builtin policies plugin, real restic)', function () {
  this.timeout(120_000);
  let ws: TestWorkspace;
  let source: string;

  before(async () => {
    ({ ws, source } = await workspaceWithRepo(64 * 1024));
    const hour = 3_600_000;
    await editConfig(ws, (config) => {
      plansOf(config)['docs'] = {
        repository: 'home', paths: [source], retention: { keepDaily: 3 },
        // Closed now: it opens in an hour.
        window: { start: hhmmss(new Date(Date.now() + hour)), end: hhmmss(new Date(Date.now() + 2 * hour)) },
      };
      config['policies'] = [
        { rule: 'backup-window' },
        { rule: 'max-snapshot-age', options: { hours: 24 } },
        { rule: 'require-check', options: { days: 7 } },
      ];
    });
  });

  after(() => ws?.remove());

  it('policy check reports a plan with no backup yet and a repository never checked, as warnings', async () => {
    const findings = json<Finding[]>(await ws.cli(['policy', 'check', 'docs', '--json']));
    expect(findings.map((f) => `${f.rule}:${f.severity}`).sort()).to.deep.equal(['max-snapshot-age:warning', 'require-check:warning']);
    expect(findings.find((f) => f.rule === 'max-snapshot-age')?.message).to.include('plan "docs" has no successful backup yet');
  });

  it('refuses a manual backup outside the window, runs it with --force, and then the backup is no longer missing', async () => {
    const refused = await ws.cli(['backup', 'docs']);
    expect(refused.code).to.equal(1);
    expect(refused.stderr).to.include('Blocked by policy backup-window').and.include('--force');
    const forced = await ws.cli(['backup', 'docs', '--force']);
    expect(forced.code, forced.stderr).to.equal(0);
    const findings = json<Finding[]>(await ws.cli(['policy', 'check', 'docs', '--json']));
    expect(findings.map((f) => f.rule)).to.deep.equal(['require-check']);
  });

  it('a scheduled run outside the window does not start (and is not an error)', async () => {
    const scheduled = await ws.cli(['backup', 'docs', '--scheduled']);
    expect(scheduled.code, scheduled.stderr).to.equal(0);
    expect(scheduled.stdout).to.match(/Plan docs not backed up: outside its backup window/);
  });

  it('through the API (the UI\'s "Back up now"), a backup is a manual run too: refused outside the window, run with force', async () => {
    const server = await serveWorkbench(ws);
    try {
      const headers = { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' };
      const backup = async (body: Record<string, unknown>): Promise<{ status: string; error?: string }> => {
        const started = await fetch(new URL('/api/v1/jobs', server.url), { method: 'POST', headers, body: JSON.stringify({ kind: 'backup', plan: 'docs', ...body }) });
        expect(started.status, await started.clone().text()).to.equal(202);
        const { id } = await started.json() as { id: string };
        return pollUntil(`backup job ${id} to end`, async () => {
          const job = await (await fetch(new URL(`/api/v1/jobs/${id}`, server.url), { headers })).json() as { status: string; error?: string };
          return job.status === 'queued' || job.status === 'running' ? undefined : job;
        }, 60_000);
      };
      const refused = await backup({});
      expect(refused.status).to.equal('failed');
      expect(refused.error).to.include('Blocked by policy backup-window');
      const forced = await backup({ force: true });
      expect(forced.status, forced.error).to.equal('succeeded');
    } finally {
      await server.stop();
    }
  });

  it('min-retention blocks a config whose plan keeps fewer dailies than required, naming the plan', async () => {
    await editConfig(ws, (config) => {
      (config['policies'] as unknown[]).push({ rule: 'min-retention', options: { keepDaily: 7 } });
    });
    const check = await ws.cli(['policy', 'check', '--json']);
    expect(check.code).to.equal(1);
    const finding = json<Finding[]>(check).find((f) => f.rule === 'min-retention');
    expect(finding).to.include({ severity: 'error', plan: 'docs' });
    expect(finding?.message).to.include('keeps 3 daily snapshot(s)');
  });
});
