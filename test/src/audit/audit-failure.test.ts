import { rename, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { json } from '../support/cli.js';
import type { TestWorkspace } from '../support/workspace.js';
import { editConfig, workspaceWithRepo } from '../support/workspace-with-repo.js';
import { type HookReceiver, startHookReceiver } from '../notifications/test-receivers.js';

interface JobJson { kind: string; status: string; summary?: { auditProblem?: string } }

describe('a broken audit log is loud, never silent (real CLI, real restic, real HTTP notifier)', function () {
  this.timeout(180_000);
  let ws: TestWorkspace;
  let receiver: HookReceiver;
  let keyFile: string;

  before(async () => {
    receiver = await startHookReceiver();
    ({ ws } = await workspaceWithRepo(1024, { plan: 'docs' }));
    keyFile = join(ws.path, 'config', 'audit.key');
    await editConfig(ws, (config) => {
      config['notifications'] = { notifiers: { hook: { type: 'webhook', url: receiver.url } }, rules: [{ events: ['audit.failed'], notifiers: ['hook'] }] };
    });
  });

  after(async () => {
    await receiver?.stop();
    await ws?.remove();
  });

  it('a backup keeps running without its audit key, warns, records it in the job, shows in status and notifies', async () => {
    await rename(keyFile, `${keyFile}.away`);
    const backup = await ws.cli(['backup', 'docs']);
    expect(backup.code, backup.stderr).to.equal(0);
    expect(backup.stderr).to.match(/warn: audit log: could not record .*backup\.started.*audit log's key file .* is missing/);
    const [job] = json<JobJson[]>(await ws.cli(['jobs', '--limit', '1', '--json']));
    expect(job).to.deep.include({ kind: 'backup', status: 'succeeded' });
    expect(job!.summary?.auditProblem).to.include('key file');
    const status = await ws.cli(['status']);
    expect(status.code).to.equal(0);
    expect(status.stderr).to.include('warning: audit log damaged since').and.include('key file');
    expect(receiver.hooks.map((h) => h.body['event'])).to.include('audit.failed');

    const verify = await ws.cli(['audit', 'verify']);
    expect(verify.code).to.equal(1);
    expect(verify.stderr).to.include("error: The audit log's key file").and.not.include('internal error');
  });

  it('privacy erase without its audit key erases nothing: the erasure could not be recorded', async () => {
    const jobs = json<JobJson[]>(await ws.cli(['jobs', '--json']));
    expect(jobs.length).to.be.above(0);
    const erase = await ws.cli(['privacy', 'erase', '--yes']);
    expect(erase.code).to.equal(1);
    expect(erase.stderr).to.include("The audit log's key file").and.not.include('internal error');
    expect(json<JobJson[]>(await ws.cli(['jobs', '--json'])), 'the job history is all there').to.deep.equal(jobs);
  });

  it('status stops warning once the key is back and a verification finds the log intact', async () => {
    await rename(`${keyFile}.away`, keyFile);
    const verify = await ws.cli(['audit', 'verify']);
    expect(verify.code, verify.stderr).to.equal(0);
    expect((await ws.cli(['status'])).stderr).not.to.include('audit log damaged');
  });

  it('verifies the log even when the catalog is damaged: a diagnosis, never an internal error', async () => {
    await truncate(join(ws.dataDir, 'catalog.sqlite'), 0);
    const verify = await ws.cli(['audit', 'verify']);
    expect(verify.code, verify.stderr).to.equal(0);
    expect(verify.stdout).to.match(/^Audit log intact: \d+ entries/);
    expect(verify.stderr).not.to.include('internal error');
  });
});
