import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { json } from '../support/cli.js';
import { TestWorkspace } from '../support/workspace.js';
import { editConfig } from '../maintenance/maintenance-support.js';

const run = promisify(execFile);
const PASSWORD = 'find-versions-pw-4471';

interface VersionJson { number?: number; type: string; size: number; mtime: string; snapshots: Array<{ repository: string; id: string; shortId: string }> }
interface SearchJson { matches: Array<{ path: string; versions: VersionJson[] }>; truncated: boolean; searchedEntries: number }

describe('find and versions over the file index (real restic)', function () {
  this.timeout(240_000);
  let ws: TestWorkspace;
  let source: string;
  let repo: string;
  let changing: string;
  const env = { REPO_PW: PASSWORD };
  const cli = (args: readonly string[]) => ws.cli(args, { env });
  const awkward = () => [join(source, 'with space.txt'), join(source, 'ünïcödé ✓.md'), join(source, 'new\nline')];

  before(async () => {
    ws = await TestWorkspace.create();
    source = join(ws.path, 'src');
    repo = join(ws.path, 'repo');
    changing = join(source, 'sub dir', 'notes.txt');
    await mkdir(join(source, 'sub dir'), { recursive: true });
    for (const path of awkward()) await writeFile(path, 'same\n');
    expect((await cli(['repo', 'add', 'r', '--backend', 'local', '--path', repo, '--password-env', 'REPO_PW'])).code).to.equal(0);
    expect((await cli(['repo', 'init', 'r'])).code).to.equal(0);
    expect((await cli(['plan', 'add', 'docs', '--repo', 'r', '--path', source])).code).to.equal(0);
    // Three backups, the file different in each (its own mtime, so no waiting between them).
    for (const [i, text] of ['one\n', 'two two\n', 'three three three\n'].entries()) {
      await writeFile(changing, text);
      await utimes(changing, 1_700_000_000 + i * 3600, 1_700_000_000 + i * 3600);
      const backup = await cli(['backup', 'docs']);
      expect(backup.code, backup.stderr).to.equal(0);
    }
  });

  after(() => ws?.remove());

  it('a file changed across 3 snapshots has 3 versions, newest first, each with its snapshot', async () => {
    // CLI backups leave indexing to the next find, which catches up with all three snapshots on demand.
    expect(json<SearchJson>(await cli(['find', 'notes', '--json', '--cached'])).matches).to.deep.equal([]);
    const found = json<SearchJson>(await cli(['find', 'notes', '--json']));
    expect(found.matches.map((m) => m.path)).to.deep.equal([changing]);
    const versions = found.matches[0]!.versions;
    expect(versions.map((v) => v.size)).to.deep.equal([18, 8, 4]);
    expect(versions.every((v) => v.snapshots.length === 1)).to.equal(true);
    const listed = json<{ versions: VersionJson[] }>(await cli(['versions', changing, '--json', '--cached']));
    expect(listed.versions.map((v) => [v.number, v.size])).to.deep.equal([[1, 18], [2, 8], [3, 4]]);
    expect(listed.versions[2]!.mtime).to.equal('2023-11-14T22:13:20.000000000Z');
    // A file that never changed is one version held by all three snapshots.
    const same = json<{ versions: VersionJson[] }>(await cli(['versions', awkward()[0]!, '--json', '--cached']));
    expect(same.versions).to.have.length(1);
    expect(same.versions[0]!.snapshots).to.have.length(3);
    const table = await cli(['versions', changing, '--cached']);
    expect(table.stdout).to.match(/VERSION\s+SIZE\s+MODIFIED\s+SNAPSHOTS/).and.match(/^1\s+18 B\s+2023-11-15 00:13:20\s+r:[0-9a-f]{8}$/m);
  });

  it('names with spaces, unicode and newlines are found and restored exactly', async () => {
    // One glob over the folder finds all three, each exactly as named; unicode upper case makes the search case-sensitive.
    const found = json<SearchJson>(await cli(['find', `${source}/*`, '--json', '--cached']));
    expect(found.matches.map((m) => m.path)).to.include.members(awkward());
    expect(json<SearchJson>(await cli(['find', 'ÜNÏ', '--json', '--cached'])).matches).to.deep.equal([]);
    const target = join(ws.path, 'restored-newline');
    const restored = await cli(['restore', awkward()[2]!, '--version', '1', '--target', target]);
    expect(restored.code, restored.stderr).to.equal(0);
    expect(await readFile(join(target, awkward()[2]!), 'utf8')).to.equal('same\n');
  });

  it('restore --version N restores that version of the file', async () => {
    const target = join(ws.path, 'restored-v2');
    const restored = await cli(['restore', changing, '--version', '2', '--target', target]);
    expect(restored.code, restored.stderr).to.equal(0);
    expect(restored.stdout).to.include('Restored version 2 of');
    expect(await readFile(join(target, changing), 'utf8')).to.equal('two two\n');
    const beyond = await cli(['restore', changing, '--version', '4', '--target', join(ws.path, 'nowhere')]);
    expect(beyond.code).to.equal(2);
    expect(beyond.stderr).to.include('has 3 version(s); --version takes 1 (newest) to 3');
  });

  it('a snapshot made outside TimeLocker is indexed by the next find; forgotten snapshots drop out', async () => {
    await writeFile(join(source, 'made-by-restic.txt'), 'plain restic\n');
    await run('restic', ['backup', '-q', '--tag', 'plan:docs', source], { env: { ...process.env, RESTIC_REPOSITORY: repo, RESTIC_PASSWORD: PASSWORD } });
    expect(json<SearchJson>(await cli(['find', 'made-by-restic', '--json', '--cached'])).matches).to.deep.equal([]);
    expect(json<SearchJson>(await cli(['find', 'made-by-restic', '--json'])).matches).to.have.length(1);
    await editConfig(ws, (c) => { c.plans['docs']!['retention'] = { keepLast: 1 }; });
    const forget = await cli(['forget', 'docs']);
    expect(forget.code, forget.stderr).to.equal(0);
    // forget tells the index at once: no restic run needed (--cached).
    const listed = json<{ versions: VersionJson[] }>(await cli(['versions', changing, '--json', '--cached']));
    expect(listed.versions.map((v) => v.size)).to.deep.equal([18]);
    expect(await readdir(join(ws.dataDir, 'file-index', 'r'))).to.have.length(1);
    // No secret reached restic's argv while listing.
    expect((await ws.resticArgv()).flat().some((arg) => arg.includes(PASSWORD))).to.equal(false);
  });
});
