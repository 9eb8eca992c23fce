import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { json } from '../support/cli.js';
import { makeSourceTree } from '../support/source-tree.js';
import { TestWorkspace } from '../support/workspace.js';

interface JobJson { id: string; kind: string; status: string; error?: string; summary?: Record<string, unknown> }
interface AuditJson { type: string; severity: string; target: string; details: Record<string, unknown> }

const PASSWORD = 'hook test password 7';

describe('command hooks around real backups (CLI, real restic)', function () {
  this.timeout(180_000);
  let ws: TestWorkspace;
  let out: string;

  const snapshotCount = async (): Promise<number> => json<unknown[]>(await ws.cli(['snapshots', '--repo', 'home', '--json'])).length;
  const latestJob = async (): Promise<JobJson> => json<JobJson[]>(await ws.cli(['jobs', '--json', '--limit', '1']))[0]!;
  /** Sets the hooks by editing the file, as a user may: the CLI's add/remove are covered by the first test. */
  const setHooks = async (global: object | undefined, plan: object | undefined): Promise<void> => {
    const config = JSON.parse(await readFile(ws.configFile, 'utf8')) as { hooks?: object; plans: Record<string, { hooks?: object }> };
    config.hooks = global;
    config.plans['docs']!.hooks = plan;
    await writeFile(ws.configFile, JSON.stringify(config, null, 2));
  };

  before(async () => {
    // The password comes from an env var named in the config: hooks must never see it.
    ws = await TestWorkspace.create({ TL_HOOK_TEST_PASSWORD: PASSWORD, RESTIC_PASSWORD: 'must-not-leak-either' });
    out = join(ws.path, 'hook-out');
    await makeSourceTree(join(ws.path, 'source'));
    for (const args of [
      ['repo', 'add', 'home', '--backend', 'local', '--path', join(ws.path, 'repo'), '--password-env', 'TL_HOOK_TEST_PASSWORD'],
      ['repo', 'init', 'home'],
      ['plan', 'add', 'docs', '--repo', 'home', '--path', join(ws.path, 'source'), '--tag', 'nightly'],
    ]) {
      const result = await ws.cli(args);
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).to.equal(0);
    }
  });

  after(async () => {
    await ws?.remove();
  });

  it('runs global then plan hooks with the job\'s facts, shows their output as the job\'s log, audits each run, and hands them no secret', async () => {
    const added = [
      await ws.cli(['hooks', 'add', '--when', 'before', '--command', `mkdir -p ${out} && env > ${out}/before.env && echo "global-before $TIMELOCKER_PLAN $TIMELOCKER_REPOSITORY $TIMELOCKER_JOB_KIND $TIMELOCKER_TAGS"`]),
      await ws.cli(['hooks', 'add', '--plan', 'docs', '--when', 'before', '--command', 'echo plan-before; echo to-stderr >&2']),
      await ws.cli(['hooks', 'add', '--plan', 'docs', '--when', 'after', '--command', 'echo "after $TIMELOCKER_STATUS $TIMELOCKER_SNAPSHOT_ID files-new=$TIMELOCKER_FILES_NEW"']),
    ];
    for (const result of added) expect(result.code, result.stderr).to.equal(0);
    const listed = json<Array<{ scope: string; phase: string; onFailure: string }>>(await ws.cli(['hooks', 'list', '--json']));
    expect(listed.map((h) => `${h.scope}/${h.phase}/${h.onFailure}`)).to.deep.equal(['(global)/before/fail', 'docs/before/fail', 'docs/after/warn']);
    const removed = await ws.cli(['hooks', 'remove', '--plan', 'docs', '--when', 'after', '--index', '3']);
    expect(removed.code).to.equal(2);
    expect(removed.stderr).to.include('No after hook #3 in plan "docs": it has 1.');

    const backup = await ws.cli(['backup', 'docs']);
    expect(backup.code, backup.stderr).to.equal(0);
    const log = backup.stderr;
    const at = (text: string): number => log.indexOf(text);
    expect(at(`global-before docs home backup nightly`), log).to.be.greaterThan(-1);
    expect(at('plan-before')).to.be.greaterThan(at('global-before'));
    expect(log).to.include('to-stderr');
    const job = await latestJob();
    expect(log).to.match(new RegExp(`after succeeded ${String(job.summary?.['snapshotId'])} files-new=\\d+`));

    const env = await readFile(join(out, 'before.env'), 'utf8');
    expect(env).to.include(`TIMELOCKER_JOB_ID=${job.id}`).and.include('TIMELOCKER_HOOK=before');
    expect(env).not.to.include(PASSWORD);
    expect(env).not.to.match(/^(RESTIC_PASSWORD|TL_HOOK_TEST_PASSWORD)=/m);

    const audit = json<AuditJson[]>(await ws.cli(['audit', 'list', '--type', 'hook', '--json']));
    expect(audit.map((e) => `${e.type}:${String(e.details['phase'])}:${String(e.details['scope'])}`)).to.deep.equal([
      'hook.succeeded:before:global', 'hook.succeeded:before:plan', 'hook.succeeded:after:plan',
    ]);
    expect(audit.every((e) => e.target === 'docs' && e.details['jobId'] === job.id)).to.equal(true);
  });

  it('a failing "fail" hook stops the backup before restic runs and onError hears why; a "warn" hook only warns', async () => {
    const onError = [{ command: 'echo "cleanup after $TIMELOCKER_STATUS: $TIMELOCKER_ERROR"' }];
    await setHooks(undefined, { before: [{ command: 'echo cannot stop the database; exit 7' }], onError });
    const snapshots = await snapshotCount();
    const failed = await ws.cli(['backup', 'docs']);
    expect(failed.code, failed.stderr).to.equal(1);
    expect(failed.stderr).to.include('cleanup after failed: before hook "echo cannot stop the database; exit 7" failed: exit 7: cannot stop the database');
    expect(await snapshotCount()).to.equal(snapshots);
    const job = await latestJob();
    expect(job.status).to.equal('failed');
    expect(job.error).to.match(/before hook .* failed: exit 7/);

    await setHooks(undefined, { after: [{ command: 'exit 3', onFailure: 'warn' }] });
    const warned = await ws.cli(['backup', 'docs']);
    expect(warned.code, warned.stderr).to.equal(0);
    expect(warned.stderr).to.include('warning: after hook "exit 3" failed: exit 3');
    expect(await snapshotCount()).to.equal(snapshots + 1);
    expect((await latestJob()).status).to.equal('succeeded');
  });

  it('stops a hook at its timeout, with everything it started, and fails the job', async () => {
    const pidFile = join(ws.path, 'sleeper.pid');
    await setHooks(undefined, { before: [{ command: `sleep 60 & echo $! > ${pidFile}; wait`, timeoutSeconds: 1 }] });
    const started = Date.now();
    const result = await ws.cli(['backup', 'docs']);
    expect(result.code, result.stderr).to.equal(1);
    expect(Date.now() - started).to.be.lessThan(30_000);
    expect((await latestJob()).error).to.include('timed out after 1 s');
    const sleeper = Number(await readFile(pidFile, 'utf8'));
    expect(() => process.kill(sleeper, 0), 'the hook\'s child process is gone').to.throw();
  });

  it('refuses a hook with a bad policy or timeout, naming the flag, and changes nothing', async () => {
    const before = await readFile(ws.configFile, 'utf8');
    const bad = await ws.cli(['hooks', 'add', '--when', 'before', '--command', 'true', '--on-failure', 'ignore']);
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.include('--on-failure');
    const zero = await ws.cli(['hooks', 'add', '--when', 'before', '--command', 'true', '--timeout', '0']);
    expect(zero.code).to.equal(2);
    expect(await readFile(ws.configFile, 'utf8')).to.equal(before);
  });
});
