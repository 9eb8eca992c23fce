import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { removeLaunchPage, writeLaunchPage } from './launch-page.js';

describe('launch page: the session token reaches the browser through a private file, not its command line', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'tl-launch-page-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('writes a page only this user can read, in a folder only this user can enter, that goes to the URL', async () => {
    const file = join(dir, 'run', 'open-workbench.html');
    const url = await writeLaunchPage(file, 'http://127.0.0.1:4711/?token=a"b<c>&d');
    expect(fileURLToPath(url)).to.equal(file);
    expect((await stat(file)).mode & 0o777).to.equal(0o600);
    expect((await stat(join(dir, 'run'))).mode & 0o777).to.equal(0o700);
    const page = await readFile(file, 'utf8');
    expect(page).to.include('<meta http-equiv="refresh" content="0;url=http://127.0.0.1:4711/?token=a&quot;b&lt;c&gt;&amp;d">');
    expect(page).not.to.include('a"b<c>');
  });

  it('replaces a readable page left behind with a private one, and removes it (twice is no error)', async () => {
    const file = join(dir, 'open-workbench.html');
    await writeFile(file, 'old', { mode: 0o644 });
    await writeFile(`${file}.${process.pid}.tmp`, 'leftover', { mode: 0o644 });
    await writeLaunchPage(file, 'http://127.0.0.1:1/?token=new');
    expect((await stat(file)).mode & 0o777).to.equal(0o600);
    expect(await readFile(file, 'utf8')).to.include('token=new');
    await removeLaunchPage(file);
    await removeLaunchPage(file);
    expect(await stat(file).catch(() => undefined)).to.equal(undefined);
  });
});
