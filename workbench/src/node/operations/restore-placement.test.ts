import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'chai';
import { restoreThroughStaging } from './restore-placement.js';

describe('restore placement: where the staging folder goes', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tl-placement-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Stands in for restic: writes `path` (as the snapshot stores it) into the staging folder, and notes where that was. */
  async function place(target: string, paths: readonly string[], path: string): Promise<string> {
    const { outcome } = await restoreThroughStaging(target, paths, async (staging) => {
      await mkdir(join(staging, dirname(path)), { recursive: true });
      await writeFile(join(staging, path), 'restored\n');
      return staging;
    }, (staging, error) => expect.fail(`${staging} left behind: ${error.message}`));
    return outcome;
  }

  it('stages in the deepest existing folder the restored paths share, so the original location needs no write access above it', async () => {
    const target = join(dir, 'root');
    await mkdir(join(target, 'home', 'me', 'docs'), { recursive: true });
    await writeFile(join(target, 'home', 'me', 'docs', 'a.txt'), 'current\n');
    const staging = await place(target, ['/home/me/docs/a.txt', '/home/me/docs/new/b.txt'], '/home/me/docs/a.txt');
    expect(dirname(staging)).to.equal(join(target, 'home', 'me', 'docs'));
    expect(await readFile(join(target, 'home', 'me', 'docs', 'a.txt'), 'utf8')).to.equal('restored\n');
    expect(await readdir(join(target, 'home', 'me', 'docs')), 'no staging folder left behind').to.deep.equal(['a.txt']);
  });

  it('never stages through a link: it stops at the last real folder', async () => {
    const target = join(dir, 'root');
    await mkdir(join(target, 'home'), { recursive: true });
    await mkdir(join(dir, 'elsewhere'));
    await symlink(join(dir, 'elsewhere'), join(target, 'home', 'me'));
    const staging = await place(target, ['/home/me/docs/a.txt'], '/home/me/docs/a.txt');
    expect(dirname(staging)).to.equal(join(target, 'home'));
    expect(await readdir(join(dir, 'elsewhere')), 'nothing written through the link').to.deep.equal([]);
  });
});
