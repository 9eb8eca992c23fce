import { execFile } from 'node:child_process';
import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { listFromCatalog as cliListFromCatalog, parseListingCommand } from '../../../workbench/dist/cli/catalog-listing.js';
import { listFromCatalog } from '../../../workbench/dist/cli/catalog-listing-main.js';
import { json, repoRoot } from '../support/cli.js';
import { TestWorkspace } from '../support/workspace.js';

const run = promisify(execFile);
const PASSWORD = 'snapshot-cache-pw-5310';

interface SnapshotJson { id: string; shortId: string; paths: string[] }

describe('snapshot and folder listings from the catalog caches (real restic, argv recorder)', function () {
  this.timeout(180_000);
  let ws: TestWorkspace;
  let source: string;
  let repo: string;
  const env = { REPO_PW: PASSWORD };
  const cli = async (args: readonly string[]) => {
    const result = await ws.cli(args, { env });
    expect(result.code, `${args.join(' ')}: ${result.stderr}`).to.equal(0);
    return result;
  };
  const restic = (args: readonly string[]) => run('restic', [...args], { env: { ...process.env, RESTIC_REPOSITORY: repo, RESTIC_PASSWORD: PASSWORD } });
  /** How many restic processes of this command TimeLocker started so far. */
  const resticRuns = async (command: string) => (await ws.resticArgv()).filter((argv) => argv[0] === command).length;
  /** The kernel log written while `fn` ran. */
  const logOf = async (fn: () => Promise<unknown>) => {
    const log = join(ws.dataDir, 'logs', 'timelocker.log');
    const before = (await readFile(log, 'utf8')).length;
    await fn();
    return (await readFile(log, 'utf8')).slice(before);
  };
  const listed = async (...flags: string[]) => json<SnapshotJson[]>(await cli(['snapshots', '--repo', 'r', '--json', ...flags])).map((s) => s.id);

  before(async () => {
    ws = await TestWorkspace.create();
    source = join(ws.path, 'src');
    repo = join(ws.path, 'repo');
    await mkdir(join(source, 'folder'), { recursive: true });
    await writeFile(join(source, 'folder', 'a.txt'), 'a\n');
    await cli(['repo', 'add', 'r', '--backend', 'local', '--path', repo, '--password-env', 'REPO_PW']);
    await cli(['repo', 'init', 'r']);
    await cli(['plan', 'add', 'docs', '--repo', 'r', '--path', source]);
    await cli(['backup', 'docs']);
  });

  after(() => ws?.remove());

  it('lists from the cache; a snapshot made behind its back appears, a forgotten one disappears, --refresh asks restic', async () => {
    let first: string | undefined;
    expect(await logOf(async () => ([first] = await listed())), 'the first listing resolves the repository').to.include('Plugin host');
    expect(await resticRuns('snapshots')).to.equal(1);
    // Nothing changed: the local repository's snapshots/ folder tells, no restic process at all, no plugin host.
    const before = (await ws.resticArgv()).length;
    expect(await logOf(async () => expect(await listed()).to.deep.equal([first]))).not.to.include('Plugin host');
    expect((await ws.resticArgv()).length).to.equal(before);
    // The config changed since the repository was last resolved: resolved again (from the cache all the same).
    await cli(['plan', 'add', 'other', '--repo', 'r', '--path', join(source, 'folder')]);
    expect(await logOf(async () => expect(await listed()).to.deep.equal([first]))).to.include('Plugin host');
    expect((await ws.resticArgv()).length).to.equal(before);

    await writeFile(join(source, 'behind-its-back.txt'), 'plain restic\n');
    await restic(['backup', '-q', source]);
    const both = await listed();
    expect(both).to.have.length(2).and.include(first);
    expect(await resticRuns('snapshots')).to.equal(2);

    await restic(['forget', first!]);
    expect(await listed()).to.deep.equal(both.filter((id) => id !== first));
    expect(await resticRuns('snapshots'), 'a snapshot gone needs no listing').to.equal(2);

    expect(await listed('--refresh')).to.deep.equal(both.filter((id) => id !== first));
    expect(await resticRuns('snapshots')).to.equal(3);
  });

  it('a folder listed once is served from the listing cache, which follows forget', async () => {
    const ls = async () => json<Array<{ path: string }>>(await cli(['ls', 'latest', join(source, 'folder'), '--repo', 'r', '--json'])).map((e) => e.path);
    const runsBefore = await resticRuns('ls');
    expect(await ls()).to.deep.equal([join(source, 'folder', 'a.txt')]);
    expect(await ls()).to.deep.equal([join(source, 'folder', 'a.txt')]);
    expect(await resticRuns('ls') - runsBefore).to.equal(1);
    const [latest] = await listed();
    const cached = join(ws.dataDir, 'tree-listings', 'r');
    expect(await readdir(cached)).to.include(latest);
    await restic(['forget', latest!]);
    await listed();
    expect(await readdir(cached)).not.to.include(latest);
  });

  /**
   * `snapshots` and `ls` answered from the catalog without a kernel (workbench/src/cli/catalog-listing*.ts): the same
   * bytes as the kernel's commands, and the kernel's answer whenever anything may have changed.
   */
  describe('without a kernel', () => {
    const stdout = async (args: readonly string[]) => (await cli(args)).stdout;
    const kernelLog = () => readFile(join(ws.dataDir, 'logs', 'timelocker.log'), 'utf8').then((text) => text.length);
    /** The kernel-less listing in this process: its whole stdout, or undefined where the kernel must answer. */
    const fast = async (args: readonly string[]) => {
      const command = await parseListingCommand([...args, '--config', ws.configFile, '--data-dir', ws.dataDir]);
      expect(command, args.join(' ')).not.to.equal(undefined);
      return listFromCatalog(command!);
    };
    /** The kernel's answer (it ran: the kernel log grew), then the kernel-less one, which must be the same bytes. */
    const sameAsKernel = async (kernelArgs: readonly string[], args: readonly string[] = kernelArgs) => {
      const before = await kernelLog();
      const printed = await stdout(kernelArgs);
      expect(await kernelLog(), 'the kernel ran').to.be.greaterThan(before);
      expect(await fast(args), args.join(' ')).to.equal(printed);
      return printed;
    };
    const parsed = (text: string | undefined) => JSON.parse(text!) as SnapshotJson[];

    before(async () => {
      // The tests above forgot every snapshot: one by TimeLocker, one by plain restic with a tag of its own.
      await mkdir(join(source, 'folder', 'sub'), { recursive: true });
      await cli(['backup', 'docs']);
      await restic(['backup', '-q', '--tag', 'extra', join(source, 'folder')]);
    });

    it('prints the bytes the kernel prints, table and --json, with filters; `timelocker` itself starts no kernel and no restic', async () => {
      // A snapshot made by plain restic: only restic can tell what it is.
      expect(await fast(['snapshots', '--repo', 'r'])).to.equal(undefined);
      // --refresh always lists through the kernel and restic: the reference.
      const table = await sameAsKernel(['snapshots', '--repo', 'r', '--refresh'], ['snapshots', '--repo', 'r']);
      expect(table.split('\n')).to.have.length(4);
      const listed = parsed(await sameAsKernel(['snapshots', '--repo', 'r', '--json', '--refresh'], ['snapshots', '--repo', 'r', '--json']));
      expect(listed).to.have.length(2);
      await sameAsKernel(['snapshots', '--tag', 'extra', '--latest', '1', '--refresh'], ['snapshots', '--tag', 'extra', '--latest', '1']);
      await sameAsKernel(['snapshots', '--plan', 'docs', '--path', source, '--json', '--refresh'], ['snapshots', '--plan', 'docs', '--path', source, '--json']);

      const catalog = join(ws.dataDir, 'catalog.sqlite');
      const [logBefore, resticRuns, catalogBefore] = [await kernelLog(), (await ws.resticArgv()).length, await stat(catalog)];
      expect(await stdout(['snapshots', '--repo', 'r'])).to.equal(table);
      expect(await kernelLog(), 'no kernel started (it logs every start)').to.equal(logBefore);
      expect((await ws.resticArgv()).length, 'no restic').to.equal(resticRuns);
      const catalogAfter = await stat(catalog);
      expect([catalogAfter.ino, catalogAfter.mtimeMs], 'the catalog was not written').to.deep.equal([catalogBefore.ino, catalogBefore.mtimeMs]);
    });

    it('`ls` of a folder listed once: the kernel\'s bytes; an unknown snapshot or a relative folder is the kernel\'s to report', async () => {
      const [latest] = parsed(await fast(['snapshots', '--repo', 'r', '--json', '--latest', '1']));
      expect(await fast(['ls', 'latest', join(source, 'folder'), '--repo', 'r']), 'never listed').to.equal(undefined);
      const printed = await sameAsKernel(['ls', 'latest', join(source, 'folder'), '--repo', 'r']);
      expect(printed).to.include(join(source, 'folder', 'a.txt'));
      await sameAsKernel(['ls', latest!.id.slice(0, 8), '/', '--repo', 'r', '--json']);
      expect(await fast(['ls', latest!.id.slice(0, 8), join(source, 'folder'), '--repo', 'r'])).to.equal(printed);
      expect(await fast(['ls', 'deadbeef', '/', '--repo', 'r'])).to.equal(undefined);
      expect(await fast(['ls', 'latest', 'relative', '--repo', 'r'])).to.equal(undefined);
      const relative = await ws.cli(['ls', 'latest', 'relative', '--repo', 'r'], { env });
      expect(relative.code).to.equal(2);
      expect(relative.stderr).to.include('must be absolute');
    });

    it('leaves --refresh, --copies, help, usage errors and accepting the privacy notice to the kernel\'s command', async () => {
      for (const argv of [['snapshots', '--refresh'], ['snapshots', '--copies'], ['snapshots', '--help'], ['snapshots', '--latest', 'x'], ['ls', '--repo', 'r'], ['backup', 'ls']]) {
        expect(await cliListFromCatalog([...argv, '--config', ws.configFile, '--data-dir', ws.dataDir]), argv.join(' ')).to.equal(undefined);
      }
      // The privacy notice was only shown (no TTY here): accepting it is a catalog write, the kernel's.
      expect(await fast(['snapshots', '--repo', 'r'])).not.to.equal(undefined);
      expect(await fast(['snapshots', '--repo', 'r', '--accept-privacy-notice'])).to.equal(undefined);
    });

    it('after a snapshot made or forgotten behind its back, the kernel answers (right), then the catalog again', async () => {
      await writeFile(join(source, 'c.txt'), 'c\n');
      await restic(['backup', '-q', source]);
      expect(await fast(['snapshots', '--repo', 'r'])).to.equal(undefined);
      const three = parsed(await sameAsKernel(['snapshots', '--repo', 'r', '--json']));
      expect(three).to.have.length(3);

      // A snapshot gone must leave the cache: a write, the kernel's.
      await restic(['forget', three[2]!.id]);
      expect(await fast(['snapshots', '--repo', 'r'])).to.equal(undefined);
      const two = parsed(await sameAsKernel(['snapshots', '--repo', 'r', '--json']));
      expect(two.map((s) => s.id)).to.deep.equal(three.slice(0, 2).map((s) => s.id));
    });

    it('after a config edit, a plugin installed or changed, or with a policy, the kernel answers', async () => {
      const config = await readFile(ws.configFile, 'utf8');
      await writeFile(ws.configFile, `// edited by hand\n${config}`);
      expect(await fast(['snapshots', '--repo', 'r'])).to.equal(undefined);
      await sameAsKernel(['snapshots', '--repo', 'r']);

      const plugin = join(ws.dataDir, 'plugins', 'good');
      await cp(join(repoRoot, 'test', 'fixtures', 'plugins', 'good'), plugin, { recursive: true });
      expect(await fast(['snapshots', '--repo', 'r']), 'plugin installed').to.equal(undefined);
      await sameAsKernel(['snapshots', '--repo', 'r']);
      const manifest = join(plugin, 'package.json');
      await writeFile(manifest, (await readFile(manifest, 'utf8')).replace('"version": "1.0.0"', '"version": "1.0.1"'));
      expect(await fast(['snapshots', '--repo', 'r']), 'plugin version changed').to.equal(undefined);
      await cli(['plugin', 'disable', 'fixtures.good']);
      await sameAsKernel(['snapshots', '--repo', 'r']);
      await cli(['plugin', 'enable', 'fixtures.good']);
      expect(await fast(['snapshots', '--repo', 'r']), 'plugin enabled again').to.equal(undefined);
      await rm(plugin, { recursive: true });

      const withPolicy = JSON.parse(await readFile(ws.configFile, 'utf8').then((text) => text.replace('// edited by hand\n', ''))) as Record<string, unknown>;
      withPolicy['policies'] = [{ rule: 'max-snapshot-age', options: { hours: 24 } }];
      await writeFile(ws.configFile, JSON.stringify(withPolicy, null, 2));
      const printed = await stdout(['snapshots', '--repo', 'r']);
      expect(printed.split('\n')).to.have.length(4);
      expect(await fast(['snapshots', '--repo', 'r']), 'policies are asked on every listing').to.equal(undefined);
      delete withPolicy['policies'];
      await writeFile(ws.configFile, JSON.stringify(withPolicy, null, 2));
      expect(await sameAsKernel(['snapshots', '--repo', 'r'])).to.equal(printed);
    });

    it('a catalog being written, damaged, or at another schema version is the kernel\'s', async () => {
      const catalog = join(ws.dataDir, 'catalog.sqlite');
      expect(await fast(['snapshots', '--repo', 'r'])).not.to.equal(undefined);
      await mkdir(`${catalog}.lock`);
      expect(await fast(['snapshots', '--repo', 'r']), 'locked by a writer').to.equal(undefined);
      await rm(`${catalog}.lock`, { recursive: true });

      const intact = await readFile(catalog);
      try {
        const damaged = Buffer.from(intact);
        // Page 2 onwards overwritten: the header still says SQLite, the b-trees are garbage.
        damaged.fill(0x5a, 4096, Math.min(damaged.length, 4096 * 3));
        await writeFile(catalog, damaged);
        expect(await fast(['snapshots', '--repo', 'r']), 'damaged').to.equal(undefined);
        const refused = await ws.cli(['snapshots', '--repo', 'r'], { env });
        expect(refused.code).not.to.equal(0);
        expect(refused.stderr).to.include('damaged');

        const older = Buffer.from(intact);
        // PRAGMA user_version is the big-endian integer at offset 60 of the header.
        older.writeUInt32BE(older.readUInt32BE(60) - 1, 60);
        await writeFile(catalog, older);
        expect(await fast(['snapshots', '--repo', 'r']), 'needs a migration').to.equal(undefined);
      } finally {
        await writeFile(catalog, intact);
      }
      expect((await stat(catalog)).size).to.equal(intact.length);
      expect(await fast(['snapshots', '--repo', 'r'])).not.to.equal(undefined);
    });
  });
});
