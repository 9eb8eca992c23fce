import { randomBytes } from 'node:crypto';
import { readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { type CliResult, json } from '../support/cli.js';
import type { TestWorkspace } from '../support/workspace.js';
import { workspaceWithLocalRepo } from '../support/workspace-with-repo.js';
import { editConfig, type JobJson, restic } from './maintenance-support.js';

interface Decision { id: string; shortId: string; time: string; action: 'keep' | 'remove'; reasons: string[] }
interface ForgetJson { plan: string; source: string; dryRun: boolean; decisions: Decision[] }
interface RawGroup { keep: Array<{ id: string }> | null; remove: Array<{ id: string }> | null; reasons: Array<{ matches: string[] }> | null }

const PASSWORD = 'retention-pw-8812';

describe('retention, prune and check from the CLI (real restic)', function () {
  this.timeout(180_000);
  let ws: TestWorkspace;
  let repo: string;
  let source: string;
  let cli: (args: readonly string[]) => Promise<CliResult>;

  before(async () => {
    ({ ws, repo, source, cli } = await workspaceWithLocalRepo(PASSWORD));
    await writeFile(join(source, 'a.txt'), 'alpha\n');
    await writeFile(join(source, 'big.bin'), randomBytes(256 * 1024));
    expect((await cli(['plan', 'add', 'docs', '--repo', 'r', '--path', source])).code).to.equal(0);
    expect((await cli(['plan', 'add', 'gold', '--repo', 'r', '--path', source, '--tag', 'gold'])).code).to.equal(0);
    // Snapshots at known times (two per day on three days), made by plain restic with the plan tag.
    for (const day of ['01', '02', '03']) {
      for (const hour of ['08', '20']) await restic(repo, PASSWORD, ['backup', '-q', '--tag', 'plan:docs', '--time', `2024-03-${day} ${hour}:00:00`, source]);
    }
    await restic(repo, PASSWORD, ['backup', '-q', '--tag', 'plan:gold,gold', '--time', '2024-03-01 09:00:00', source]);
    await restic(repo, PASSWORD, ['backup', '-q', '--tag', 'plan:gold,gold', '--time', '2024-03-02 09:00:00', source]);
  });

  after(() => ws?.remove());

  it('a retention policy without any rule is a config error with line:column', async () => {
    await editConfig(ws, (c) => { c.plans.docs.retention = { groupBy: ['host'] }; });
    const validated = await cli(['config', 'validate']);
    expect(validated.code).to.equal(2);
    expect(validated.stderr + validated.stdout).to.match(/timelocker\.json:\d+:\d+: \/plans\/docs\/retention: a retention policy needs at least one rule/);
    await editConfig(ws, (c) => { c.plans.docs.retention = { keepLast: 1, keepDaily: 2 }; });
    expect((await cli(['config', 'validate'])).code).to.equal(0);
  });

  it('forget --dry-run shows exactly what restic forget --json decides, with restic\'s reasons, and removes nothing', async () => {
    const dry = json<ForgetJson>(await cli(['forget', 'docs', '--dry-run', '--json']));
    const raw = JSON.parse(await restic(repo, PASSWORD, ['forget', '--dry-run', '--json', '--tag', 'plan:docs', '--keep-last', '1', '--keep-daily', '2', '--group-by', 'host,paths'])) as RawGroup[];
    const rawKeep = raw.flatMap((g) => g.keep ?? []).map((s) => s.id);
    const rawRemove = raw.flatMap((g) => g.remove ?? []).map((s) => s.id);
    expect(dry.decisions.filter((d) => d.action === 'keep').map((d) => d.id)).to.have.members(rawKeep);
    expect(dry.decisions.filter((d) => d.action === 'remove').map((d) => d.id)).to.have.members(rawRemove);
    expect(rawKeep).to.have.length(2);
    expect(rawRemove).to.have.length(4);
    expect(dry.decisions.filter((d) => d.action === 'keep').map((d) => d.reasons)).to.deep.equal(raw.flatMap((g) => g.reasons ?? []).map((r) => r.matches));
    expect(dry.decisions[0]!.reasons).to.deep.equal(['last snapshot', 'daily snapshot']);
    const table = await cli(['forget', 'docs', '--dry-run']);
    expect(table.stdout).to.match(/ACTION\s+REASONS/).and.match(/keep\s+last snapshot, daily snapshot/);
    expect(table.stdout).to.include('would keep 2, remove 4');
    expect(json<unknown[]>(await cli(['snapshots', '--tag', 'plan:docs', '--json']))).to.have.length(6);
  });

  it('a top-level retention entry applies to every plan carrying its tag', async () => {
    await editConfig(ws, (c) => { c.retention = [{ tags: ['gold'], keepLast: 1 }]; });
    const dry = json<ForgetJson>(await cli(['forget', 'gold', '--dry-run', '--json']));
    expect(dry.source).to.equal('retention for tag(s) gold');
    expect(dry.decisions.map((d) => d.action)).to.deep.equal(['keep', 'remove']);
    const none = await cli(['plan', 'add', 'plain', '--repo', 'r', '--path', source]);
    expect(none.code).to.equal(0);
    const refused = await cli(['forget', 'plain', '--dry-run']);
    expect(refused.code).to.equal(2);
    expect(refused.stderr).to.include('has no retention policy');
  });

  it('forget removes what the dry run said, as a forget job; prune runs as its own job', async () => {
    const forgot = await cli(['forget', 'docs']);
    expect(forgot.code, forgot.stderr).to.equal(0);
    expect(forgot.stdout).to.include('Kept 2, removed 4 snapshot(s) of plan "docs"');
    expect(json<unknown[]>(await cli(['snapshots', '--tag', 'plan:docs', '--json']))).to.have.length(2);
    const pruned = await cli(['prune', 'r']);
    expect(pruned.code, pruned.stderr).to.equal(0);
    const jobs = json<JobJson[]>(await cli(['jobs', '--json']));
    expect(jobs.slice(0, 2).map((j) => `${j.kind}:${j.status}`)).to.deep.equal(['prune:succeeded', 'forget:succeeded']);
    expect(jobs[1]!.summary?.['removed']).to.equal(4);
  });

  it('afterBackup forget+prune and check.afterBackup run as their own jobs after a backup', async () => {
    await editConfig(ws, (c) => { c.plans.docs.afterBackup = 'forget+prune'; c.plans.docs.check = { afterBackup: { readDataSubset: '50%' } }; });
    const backup = await cli(['backup', 'docs']);
    expect(backup.code, backup.stderr).to.equal(0);
    expect(backup.stdout).to.include('forget after backup: succeeded').and.include('prune after backup: succeeded').and.include('check after backup: succeeded');
    const jobs = json<JobJson[]>(await cli(['jobs', '--limit', '4', '--json']));
    expect(jobs.map((j) => `${j.kind}:${j.status}`)).to.deep.equal(['check:succeeded', 'prune:succeeded', 'forget:succeeded', 'backup:succeeded']);
    expect(jobs[0]!.summary?.['readDataSubset']).to.equal('50%');
  });

  it('check passes on a sound repository and fails, naming what restic found, on a damaged one', async () => {
    const ok = await cli(['check', 'r', '--read-data-subset', '100%']);
    expect(ok.code, ok.stderr).to.equal(0);
    expect(ok.stdout).to.include('has no errors');
    const dataDir = join(repo, 'data');
    // The largest pack holds file data, not trees: restic reports it missing at once instead of retrying tree loads.
    const packs: Array<{ path: string; name: string; size: number }> = [];
    for (const sub of await readdir(dataDir)) {
      for (const name of await readdir(join(dataDir, sub))) packs.push({ path: join(dataDir, sub, name), name, size: (await stat(join(dataDir, sub, name))).size });
    }
    const largest = packs.sort((a, b) => b.size - a.size)[0]!;
    const pack = largest.name;
    await rm(largest.path);
    const failed = await cli(['check', 'r']);
    expect(failed.code).to.equal(1);
    expect(failed.stderr).to.include(`pack ${pack}: does not exist`);
    const [job] = json<JobJson[]>(await cli(['jobs', '--limit', '1', '--json']));
    expect(job?.kind).to.equal('check');
    expect(job?.status).to.equal('failed');
    expect(job?.error).to.include('restic check found errors').and.include(pack);
  });
});
