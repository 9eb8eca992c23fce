import { randomBytes } from 'node:crypto';
import { open, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { json } from './support/cli.js';
import { workspaceWithLocalRepo } from './support/workspace-with-repo.js';
import type { TestWorkspace } from './support/workspace.js';

interface JobJson { id: string; kind: string; status: string; log?: string[] }

/** The largest pack file of a local repository: one holding file contents (tree packs are small). */
async function largestPack(repo: string): Promise<string> {
  const packs = (await readdir(join(repo, 'data'), { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
  const sized = await Promise.all(packs.map(async (entry) => ({ path: join(entry.parentPath, entry.name), size: (await stat(join(entry.parentPath, entry.name))).size })));
  return sized.sort((a, b) => b.size - a.size)[0]!.path;
}

describe('restore from a partly damaged repository (real restic)', function () {
  this.timeout(120_000);
  let ws: TestWorkspace;

  after(() => ws?.remove());

  it('restores every file it can, leaves out the damaged ones (no half-written file), names them, and exits 1', async () => {
    const setup = await workspaceWithLocalRepo('damaged repo pw 1');
    ws = setup.ws;
    const names = ['a.bin', 'b.bin', 'c.bin', 'd.bin', 'e.bin', 'f.bin'];
    for (const name of names) await writeFile(join(setup.source, name), randomBytes(3 * 1024 * 1024));
    expect((await setup.cli(['plan', 'add', 'p', '--repo', 'r', '--path', setup.source])).code).to.equal(0);
    const backup = await setup.cli(['--accept-privacy-notice', 'backup', 'p', '--no-workbench']);
    expect(backup.code, backup.stderr).to.equal(0);
    // 8 KiB of one data pack flipped: the blobs there fail restic's ciphertext check.
    const pack = await open(await largestPack(setup.repo), 'r+');
    const garbage = Buffer.alloc(8192, 0x5a);
    await pack.write(garbage, 0, garbage.length, 4096);
    await pack.close();

    const target = join(ws.path, 'restored');
    const result = await setup.cli(['restore', 'latest', '--repo', 'r', '--target', target, '--no-workbench']);
    expect(result.code, result.stderr).to.equal(1);
    const failed = /(\d+) file\(s\) of snapshot \w+ could not be restored: (.*)\. Everything else was restored into /.exec(result.stderr);
    expect(failed, result.stderr).to.not.equal(null);
    expect(result.stderr).to.include('run `timelocker check r --read-data-subset 100%`');
    const unrestored = names.filter((name) => failed![2]!.includes(join(setup.source, name)));
    expect(unrestored.length).to.equal(Number(failed![1])).and.be.within(1, names.length - 1);
    for (const name of names) {
      const restored = join(target, setup.source, name);
      if (unrestored.includes(name)) {
        expect(await stat(restored).catch(() => undefined), `${name} is not left half-written`).to.equal(undefined);
      } else {
        expect((await readFile(restored)).equals(await readFile(join(setup.source, name))), `${name} restored as it was`).to.equal(true);
      }
    }
    const [job] = json<JobJson[]>(await setup.cli(['jobs', '--json', '--limit', '1']));
    expect(job).to.include({ kind: 'restore', status: 'failed' });
    const log = json<JobJson>(await setup.cli(['job', 'show', job!.id, '--log', '--json'])).log!;
    for (const name of unrestored) expect(log.some((line) => line.includes(` not restored: ${join(setup.source, name)}: `)), log.join('\n')).to.equal(true);
  });
});
