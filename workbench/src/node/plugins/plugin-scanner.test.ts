import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { scanPlugins } from './plugin-scanner.js';

describe('plugin scanner: --plugin-dir folders', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tl-plugin-scanner-'));
    const manifest = { name: 'one', publisher: 'acme', version: '1.0.0', engines: { timelocker: '^1.0.0' } };
    await mkdir(join(dir, 'pd', 'one'), { recursive: true });
    await writeFile(join(dir, 'pd', 'one', 'package.json'), JSON.stringify(manifest));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const scan = (extraDir: string) => scanPlugins(join(dir, 'builtin'), join(dir, 'user'), [extraDir]);

  it('loads the plugin whose package.json is in the folder', () => {
    expect(scan(join(dir, 'pd', 'one')).map((p) => ({ id: p.id, rejected: p.rejected }))).to.deep.equal([{ id: 'acme.one', rejected: false }]);
  });

  it('rejects a folder of plugins, saying that --plugin-dir takes one plugin folder', () => {
    const [plugin] = scan(join(dir, 'pd'));
    expect(plugin).to.include({ id: 'unknown.pd', rejected: true });
    expect(plugin!.messages).to.deep.equal([
      `no package.json in ${join(dir, 'pd')}: --plugin-dir expects one plugin's folder (the one holding its package.json), not a folder of plugins`,
    ]);
  });
});
