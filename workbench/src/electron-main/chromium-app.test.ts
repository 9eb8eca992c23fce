import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { chromiumAppArgs, findChromium, recordRunningDesktop, runningDesktop } from './chromium-app.js';

describe('Chromium app-mode fallback of `npm run desktop`', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'tl-chromium-app-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('finds the first executable browser on PATH, or the one TIMELOCKER_CHROMIUM names', async () => {
    const [first, second] = [join(dir, 'a'), join(dir, 'b')];
    await mkdir(first);
    await mkdir(second);
    await writeFile(join(first, 'chromium'), '');
    await writeFile(join(second, 'google-chrome'), '#!/bin/sh\n');
    await chmod(join(second, 'google-chrome'), 0o755);
    // Not executable: skipped.
    expect(await findChromium({ PATH: `${first}:${second}` })).to.equal(join(second, 'google-chrome'));
    expect(await findChromium({ PATH: first })).to.equal(undefined);
    expect(await findChromium({ PATH: first, TIMELOCKER_CHROMIUM: '/opt/chromium' })).to.equal('/opt/chromium');
  });

  it('opens the URL as an app window with a profile of its own; --no-sandbox only as root', () => {
    const args = chromiumAppArgs('http://127.0.0.1:5/?token=t', '/data/profile', false);
    expect(args).to.include.members(['--app=http://127.0.0.1:5/?token=t', '--user-data-dir=/data/profile', '--no-first-run']);
    expect(args).not.to.include('--no-sandbox');
    expect(chromiumAppArgs('http://x/', '/p', true)).to.include('--no-sandbox');
  });

  it('knows a launcher that is still running for the profile, and forgets one whose process is gone', async () => {
    await recordRunningDesktop(dir, 'http://127.0.0.1:1/?token=a');
    expect(await runningDesktop(dir)).to.deep.equal({ pid: process.pid, url: 'http://127.0.0.1:1/?token=a' });
    await writeFile(join(dir, 'timelocker-desktop.json'), JSON.stringify({ pid: 2 ** 22 + 7, url: 'http://x/' }));
    expect(await runningDesktop(dir)).to.equal(undefined);
  });
});
