import { chmod, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { ensurePrivateDataDir } from './private-data-dir.js';

describe('ensurePrivateDataDir: only its owner may enter the data dir', () => {
  let root: string;
  const modeOf = async (path: string): Promise<number> => (await stat(path)).mode & 0o777;
  beforeEach(async () => (root = await mkdtemp(join(tmpdir(), 'tl-private-dir-'))));
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('makes a new data dir 0700 (its missing parents as usual)', async () => {
    const dir = join(root, 'share', 'timelocker');
    expect(await ensurePrivateDataDir(dir)).to.equal(undefined);
    expect(await modeOf(dir)).to.equal(0o700);
  });

  it('takes group and other access away from an existing one and says what it was; a private one is left alone', async () => {
    const dir = join(root, 'data');
    await mkdir(dir);
    await chmod(dir, 0o755);
    expect(await ensurePrivateDataDir(dir)).to.equal(0o755);
    expect(await modeOf(dir)).to.equal(0o700);
    expect(await ensurePrivateDataDir(dir)).to.equal(undefined);
  });
});
