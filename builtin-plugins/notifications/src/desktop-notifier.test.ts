import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { expect } from 'chai';
import { CancellationToken, type NotificationDto } from '@timelocker/plugin-api';
import { desktopNotifier } from './desktop-notifier.js';

const failed: NotificationDto = { event: 'backup.failed', title: '-Backup of plan "docs" failed', body: 'wrong password; it\'s $HOME `x`', severity: 'error', details: {} };

describe('desktop notifier (a recording notify-send first on PATH)', () => {
  let dir: string;
  let savedPath: string | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tl-notify-send-'));
    // Records each argument NUL-terminated, so spaces, quotes and `$` survive exactly as passed.
    await writeFile(join(dir, 'notify-send'), `#!/bin/sh\nfor a in "$@"; do printf '%s\\0' "$a"; done > "${join(dir, 'argv')}"\n`);
    await chmod(join(dir, 'notify-send'), 0o755);
    savedPath = process.env['PATH'];
    process.env['PATH'] = `${dir}${delimiter}${savedPath ?? ''}`;
  });

  afterEach(async () => {
    process.env['PATH'] = savedPath;
    await rm(dir, { recursive: true, force: true });
  });

  async function argv(): Promise<string[]> {
    return (await readFile(join(dir, 'argv'), 'utf8')).split('\0').slice(0, -1);
  }

  it('runs notify-send with urgency from the severity, app name TimeLocker, title and body as separate arguments', async () => {
    await desktopNotifier.send(failed, {}, {}, CancellationToken.None);
    expect(await argv()).to.deep.equal(['--urgency=critical', '--app-name=TimeLocker', '--', failed.title, failed.body]);
  });

  it('maps info to low and warning to normal urgency, and passes expireMs', async () => {
    await desktopNotifier.send({ ...failed, severity: 'info' }, { expireMs: 5000 }, {}, CancellationToken.None);
    expect(await argv()).to.deep.equal(['--urgency=low', '--app-name=TimeLocker', '--expire-time=5000', '--', failed.title, failed.body]);
    await desktopNotifier.send({ ...failed, severity: 'warning' }, {}, {}, CancellationToken.None);
    expect((await argv())[0]).to.equal('--urgency=normal');
  });

  it('says how to install notify-send when it is missing', async () => {
    process.env['PATH'] = dir.replace(/$/, '-missing');
    const error = await Promise.resolve(desktopNotifier.send(failed, {}, {}, CancellationToken.None)).then(() => undefined, (e: Error) => e);
    expect(error?.message).to.include('libnotify-bin');
  });
});
