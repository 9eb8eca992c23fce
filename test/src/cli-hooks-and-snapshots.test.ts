import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { json } from './support/cli.js';
import { makeSourceTree } from './support/source-tree.js';
import { TestWorkspace } from './support/workspace.js';

interface JobJson { id: string; kind: string; status: string; error?: string; summary?: Record<string, unknown> }
interface AuditJson { type: string; severity: string; target: string; details: Record<string, unknown> }

const PASSWORD = 'hook test password 7';

/** The CLI side of hooks (their policies fail, warn, timeout: api-workbench-routes), and `diff` / `dump`. */
describe('CLI: command hooks around real backups, diff and dump (real restic)', function () {
  this.timeout(180_000);
  let ws: TestWorkspace;
  let out: string;

  const latestJob = async (): Promise<JobJson> => json<JobJson[]>(await ws.cli(['jobs', '--json', '--limit', '1']))[0]!;
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

  it('masks a copy of a secret that a hook prints (a file holding it, another variable) in the live and the stored job log', async () => {
    const copy = join(ws.path, 'password-copy.txt');
    await writeFile(copy, `${PASSWORD}\n`, { mode: 0o600 });
    const added = await ws.cli(['hooks', 'add', '--plan', 'docs', '--when', 'before', '--command', `echo "from a file: $(cat ${copy})"; echo "from a variable: $COPY_OF_PASSWORD"`]);
    expect(added.code, added.stderr).to.equal(0);
    const backup = await ws.cli(['backup', 'docs'], { env: { COPY_OF_PASSWORD: PASSWORD } });
    expect(backup.code, backup.stderr).to.equal(0);
    expect(backup.stderr).to.include('from a file: ***').and.include('from a variable: ***');
    const stored = await ws.cli(['job', 'show', (await latestJob()).id, '--log']);
    expect(stored.stdout).to.include('from a file: ***');
    for (const text of [backup.stdout, backup.stderr, stored.stdout]) expect(text).not.to.include(PASSWORD);
  });

  it('diff lists what changed between two snapshots; dump writes a file as it is (folders as archives: api-workbench-routes)', async () => {
    const source = join(ws.path, 'source');
    await writeFile(join(source, 'docs', 'added.txt'), 'added\n');
    expect((await ws.cli(['backup', 'docs'])).code).to.equal(0);
    const [newer, older] = json<Array<{ id: string }>>(await ws.cli(['snapshots', '--json']));
    const diff = await ws.cli(['diff', older!.id.slice(0, 8), newer!.id.slice(0, 8), '--repo', 'home']);
    expect(diff.code, diff.stderr).to.equal(0);
    expect(diff.stdout).to.include(`+ ${join(source, 'docs', 'added.txt')}`).and.include('1 added, 0 removed');
    const file = await ws.cli(['dump', 'latest', join(source, 'docs', 'report.txt'), '--repo', 'home']);
    expect(file.stdout).to.equal(await readFile(join(source, 'docs', 'report.txt'), 'utf8'));
    const missing = await ws.cli(['dump', 'latest', join(source, 'nope'), '--repo', 'home']);
    expect(missing.code).to.equal(2);
    expect(missing.stderr).to.include('is not in snapshot');
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
