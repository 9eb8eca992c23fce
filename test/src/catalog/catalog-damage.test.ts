import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { json } from '../support/cli.js';
import { TestWorkspace } from '../support/workspace.js';

interface CheckJson { state: string; message?: string; copies: Array<{ name: string; state: string }> }

describe('a damaged catalog is never silently re-created (real CLI, real restic)', function () {
  this.timeout(120_000);
  let ws: TestWorkspace;
  let catalog: string;

  before(async () => {
    ws = await TestWorkspace.create({ REPO_PW: 'catalog-damage-pw-31' });
    catalog = join(ws.dataDir, 'catalog.sqlite');
    await mkdir(join(ws.path, 'source'));
    for (const step of [
      ['repo', 'add', 'home', '--backend', 'local', '--path', join(ws.path, 'repo'), '--password-env', 'REPO_PW'],
      ['repo', 'init', 'home'],
      ['plan', 'add', 'docs', '--repo', 'home', '--path', join(ws.path, 'source')],
    ]) {
      const result = await ws.cli(step);
      expect(result.code, result.stderr).to.equal(0);
    }
  });

  after(() => ws?.remove());

  async function expectStopped(problem: RegExp): Promise<void> {
    for (const args of [['jobs'], ['backup', 'docs'], ['token', 'list']]) {
      const result = await ws.cli(args);
      expect(result.code, `${args.join(' ')}: ${result.stdout}`).to.equal(1);
      expect(result.stderr).to.include(catalog).and.match(problem).and.include('timelocker catalog restore');
      expect(result.stderr).not.to.include('internal error');
      // The command's own error says it once; recording the privacy notice failed on the same problem.
      expect(result.stderr).not.to.include('privacy notice could not be recorded');
    }
    // A command that works without the catalog still runs, and then says what could not be recorded.
    const validated = await ws.cli(['config', 'validate']);
    expect(validated.code, validated.stderr).to.equal(0);
    expect(validated.stderr).to.match(/^warning: the privacy notice could not be recorded: The catalog /m);
    const check = await ws.cli(['catalog', 'check', '--json']);
    expect(check.code).to.equal(1);
    expect(json<CheckJson>(check).copies.map((c) => c.state), 'a daily copy was kept').to.include('ok');
  }

  async function restoreAndSee(): Promise<void> {
    const restored = await ws.cli(['catalog', 'restore']);
    expect(restored.code, restored.stderr).to.equal(0);
    expect(restored.stdout).to.match(/Restored the catalog from catalog-\S+-daily\.sqlite/).and.include('moved to');
    const jobs = await ws.cli(['jobs']);
    expect(jobs.code, jobs.stderr).to.equal(0);
    // The copy remembers that the privacy notice was shown: a re-created catalog would show it again.
    expect(jobs.stderr).not.to.include('privacy notice');
    expect(json<CheckJson>(await ws.cli(['catalog', 'check', '--json'])).state).to.equal('ok');
  }

  it('stops at a catalog truncated to 0 bytes, leaves it as it is, and restores a copy', async () => {
    await truncate(catalog, 0);
    await expectStopped(/is empty \(0 bytes\)/);
    expect((await stat(catalog)).size, 'nothing re-created it').to.equal(0);
    await restoreAndSee();
  });

  it('stops at random pages written into the catalog and leaves it untouched', async () => {
    const { size } = await stat(catalog);
    const pages = Math.floor(size / 4096);
    expect(pages, 'the catalog has pages beyond the first').to.be.greaterThan(2);
    const handle = await open(catalog, 'r+');
    try {
      for (let page = 1; page < Math.min(pages, 5); page++) await handle.write(randomBytes(4096), 0, 4096, 4096 * page);
    } finally {
      await handle.close();
    }
    const damaged = await readFile(catalog);
    await expectStopped(/is damaged/);
    expect(await readFile(catalog), 'left untouched').to.deep.equal(damaged);
    await restoreAndSee();
  });

  it('stops when the catalog cannot be read, and when it is gone while the data dir had one', async () => {
    const saved = await readFile(catalog);
    // A directory in its place: reading it fails in the file system (EISDIR), as a broken disk would.
    await rm(catalog);
    await mkdir(catalog);
    const unreadable = await ws.cli(['jobs']);
    expect(unreadable.code).to.equal(1);
    expect(unreadable.stderr).to.include(catalog).and.include('cannot be read (EISDIR');
    expect(json<CheckJson>(await ws.cli(['catalog', 'check', '--json'])).state).to.equal('unreadable');

    await rm(catalog, { recursive: true });
    const missing = await ws.cli(['jobs']);
    expect(missing.code).to.equal(1);
    expect(missing.stderr).to.include('is missing, but this data dir had one').and.include('mount');
    await writeFile(catalog, saved);
    expect((await ws.cli(['jobs'])).code).to.equal(0);
  });
});
