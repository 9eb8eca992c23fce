import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { pollUntil } from '@timelocker/plugin-api/testing';
import { json } from '../support/cli.js';
import { TestWorkspace } from '../support/workspace.js';
import { editConfig, type JobJson, restic } from '../maintenance/maintenance-support.js';

const SOURCE_PW = 'copy-source-pw-6631';
const OFFSITE_PW = 'copy-offsite-pw-2207';
const SLOW_PW = 'copy-slow-pw-9054';

interface RawSnapshot { id: string; tree: string; original?: string; tags?: string[] }
interface SnapshotWithCopies { id: string; repository: string; copies: Array<{ repository: string; id: string; verifiedAt?: string }> }

describe('copies to a second local repository (real restic copy)', function () {
  this.timeout(300_000);
  let ws: TestWorkspace;
  let source: string;
  const repo = (name: string) => join(ws.path, name);
  const env = { SRC_PW: SOURCE_PW, OFF_PW: OFFSITE_PW, SLOW_PW };
  const cli = (args: readonly string[]) => ws.cli(args, { env });
  const snapshots = async (name: string, password: string) => JSON.parse(await restic(repo(name), password, ['snapshots', '--json'])) as RawSnapshot[];

  before(async () => {
    ws = await TestWorkspace.create();
    source = join(ws.path, 'src');
    await mkdir(source);
    await writeFile(join(source, 'a.txt'), 'alpha\n');
    for (const [name, variable] of [['home', 'SRC_PW'], ['offsite', 'OFF_PW'], ['slow', 'SLOW_PW']] as const) {
      expect((await cli(['repo', 'add', name, '--backend', 'local', '--path', repo(name), '--password-env', variable])).code).to.equal(0);
    }
    expect((await cli(['repo', 'init', 'home'])).code).to.equal(0);
    expect((await cli(['plan', 'add', 'docs', '--repo', 'home', '--path', source])).code).to.equal(0);
  });

  after(() => ws?.remove());

  it('repo init --like copies the chunker parameters; copyTo is checked against the configured repositories', async () => {
    const init = await cli(['repo', 'init', 'offsite', '--like', 'home']);
    expect(init.code, init.stderr).to.equal(0);
    const polynomial = async (name: string, pw: string) => (JSON.parse(await restic(repo(name), pw, ['cat', 'config'])) as { chunker_polynomial: string }).chunker_polynomial;
    expect(await polynomial('offsite', OFFSITE_PW)).to.equal(await polynomial('home', SOURCE_PW));
    // Secrets of both repositories went through env only.
    expect((await ws.resticArgv()).flat().some((a) => a.includes(SOURCE_PW) || a.includes(OFFSITE_PW))).to.equal(false);
    await editConfig(ws, (c) => { c.plans['docs']!['copyTo'] = ['nowhere', 'home']; });
    const invalid = await cli(['config', 'validate']);
    expect(invalid.code).to.equal(2);
    expect(invalid.stderr + invalid.stdout).to.include('unknown repository "nowhere"').and.include('"home" is the plan\'s own repository');
  });

  it('a backup is copied and verified (same tree id), shown by snapshots --copies and status; retention applies per destination', async () => {
    await editConfig(ws, (c) => {
      c.plans['docs']!['copyTo'] = ['offsite'];
      c.plans['docs']!['retention'] = { keepLast: 1 };
      (c['repositories'] as Record<string, Record<string, unknown>>)['offsite']!['retention'] = { keepLast: 2 };
    });
    for (const text of ['one', 'two']) {
      await writeFile(join(source, 'a.txt'), text);
      const backup = await cli(['backup', 'docs']);
      expect(backup.code, backup.stderr).to.equal(0);
      expect(backup.stdout).to.match(/copy to offsite after backup: succeeded/);
    }
    const home = await snapshots('home', SOURCE_PW);
    const offsite = await snapshots('offsite', OFFSITE_PW);
    expect(home).to.have.length(1);
    expect(offsite).to.have.length(2);
    const copy = offsite.find((s) => s.original === home[0]!.id);
    expect(copy?.tree).to.equal(home[0]!.tree);
    expect(copy?.tags).to.include('plan:docs');
    const listed = json<SnapshotWithCopies[]>(await cli(['snapshots', '--repo', 'home', '--copies', '--json']));
    expect(listed[0]!.copies).to.have.length(1);
    expect(listed[0]!.copies[0]).to.include({ repository: 'offsite', id: copy!.id });
    expect(listed[0]!.copies[0]!.verifiedAt).to.match(/^\d{4}-\d\d-\d\dT/);
    const status = await cli(['status']);
    expect(status.stdout).to.match(/COPIES/).and.match(/^docs\s.*\s1\/1$/m);
    const jobs = json<JobJson[]>(await cli(['jobs', '--json'])).filter((j) => j.kind === 'copy');
    expect(jobs).to.have.length(2);
    expect(jobs.every((j) => j.status === 'succeeded' && (j.summary?.['copies'] as unknown[]).length === 1)).to.equal(true);
  });

  it('an interrupted copy is resumed by the next copy run', async () => {
    expect((await cli(['repo', 'init', 'slow', '--like', 'home'])).code).to.equal(0);
    await writeFile(join(source, 'big.bin'), randomBytes(3 * 1024 * 1024));
    await editConfig(ws, (c) => { delete c.plans['docs']!['copyTo']; });
    expect((await cli(['backup', 'docs'])).code).to.equal(0);
    // Slowed to ~150 KiB/s so the copy is surely still running when it is interrupted.
    await editConfig(ws, (c) => { c.plans['docs']!['limits'] = { uploadKiBps: 150 }; });
    const copies = async () => (await ws.resticArgv()).filter((argv) => argv.includes('copy')).length;
    const before = await copies();
    const running = ws.spawn(['copy', 'docs', '--to', 'slow'], { env });
    await pollUntil('restic copy to start', async () => ((await copies()) > before ? true : undefined));
    running.child.kill('SIGINT');
    const interrupted = await running.done;
    expect(interrupted.code, interrupted.stderr).to.equal(130);
    expect(await snapshots('slow', SLOW_PW)).to.deep.equal([]);
    await editConfig(ws, (c) => { delete c.plans['docs']!['limits']; });
    const resumed = await cli(['copy', 'docs', '--to', 'slow', '--json']);
    expect(resumed.code, resumed.stderr).to.equal(0);
    const [run] = json<Array<{ destination: string; job: JobJson }>>(resumed);
    expect(run!.job.summary?.['copied']).to.equal(1);
    const [copied] = await snapshots('slow', SLOW_PW);
    expect(copied?.original).to.equal((await snapshots('home', SOURCE_PW))[0]!.id);
    await restic(repo('slow'), SLOW_PW, ['check', '--read-data']);
    // Nothing new: a second run copies nothing and still succeeds.
    const again = json<Array<{ job: JobJson }>>(await cli(['copy', 'docs', '--to', 'slow', '--json']));
    expect(again[0]!.job.summary?.['copied']).to.equal(0);
  });
});
