import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { pollUntil } from '@timelocker/plugin-api/testing';
import { TestWorkspace } from '../support/workspace.js';

/**
 * `timelocker serve` opens the workbench with the desktop's opener (xdg-open), which hands it to the user's browser.
 * What the opener is given ends up on command lines every user of the machine can read: it must not carry the session
 * token. xdg-open is replaced by a script that records its arguments; what the browser then does with the launch page
 * is proven with real Chromium by the desktop fallback test.
 */
describe('timelocker serve opens the browser without the session token on any command line', function () {
  this.timeout(120_000);
  let ws: TestWorkspace;
  before(async () => (ws = await TestWorkspace.create()));
  after(() => ws?.remove());

  it('hands xdg-open a private launch page that leads to the workbench signed in, and removes it on stop', async () => {
    const bin = join(ws.path, 'bin');
    const recorded = join(ws.path, 'xdg-open-args');
    await mkdir(bin);
    await writeFile(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${recorded}.tmp' && mv '${recorded}.tmp' '${recorded}'\n`);
    await chmod(join(bin, 'xdg-open'), 0o755);
    const running = ws.spawn(['serve', '--port', '0'], { env: { PATH: `${bin}:${process.env['PATH']}`, DISPLAY: ':404' } });
    let out = '';
    running.child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    try {
      const openUrl = await pollUntil('the printed address', async () => /TimeLocker workbench: (\S+)/.exec(out)?.[1], 30_000);
      const token = new URL(openUrl).searchParams.get('token')!;
      const args = (await pollUntil('xdg-open called', () => readFile(recorded, 'utf8').catch(() => undefined), 30_000)).trim().split('\n');
      expect(args).to.have.length(1);
      expect(args[0]).to.match(/^file:\/\//).and.not.include(token);
      const page = fileURLToPath(args[0]!);
      expect(page).to.equal(join(ws.dataDir, 'open-workbench.html'));
      expect((await stat(page)).mode & 0o777).to.equal(0o600);
      const target = /content="0;url=([^"]+)"/.exec(await readFile(page, 'utf8'))?.[1]?.replace(/&amp;/g, '&');
      expect(target).to.equal(openUrl);
      const whoami = await fetch(new URL('/api/v1/whoami', openUrl), { headers: { authorization: `Bearer ${token}` } });
      expect(whoami.status).to.equal(200);
      expect(await whoami.json()).to.include({ role: 'admin' });

      process.kill(running.child.pid!, 'SIGINT');
      expect((await running.done).code).to.equal(0);
      expect(await stat(page).catch(() => undefined), 'the launch page is removed with its token').to.equal(undefined);
    } finally {
      if (running.child.exitCode === null) running.child.kill('SIGKILL');
      await running.done;
    }
  });
});
