import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { expect } from 'chai';
import { json } from '../support/cli.js';
import { TestWorkspace } from '../support/workspace.js';
import { closedPort, expectedSignature, type HookReceiver, startHookReceiver } from './test-receivers.js';

const REPO_PASSWORD = 'notify-e2e-repo-pw-31';
const HOOK_KEY = 'notify-e2e-hmac-key-77';

describe('notifications end to end (real CLI, real restic, real HTTP receiver, recording notify-send)', function () {
  this.timeout(180_000);
  let ws: TestWorkspace;
  let receiver: HookReceiver;
  let binDir: string;
  const env = (password: string): Record<string, string> => ({
    REPO_PW: password, HOOK_KEY, PATH: `${binDir}${delimiter}${process.env['PATH'] ?? ''}`,
  });

  async function desktopCalls(): Promise<string[][]> {
    const log = await readFile(join(binDir, 'notify-send.log'), 'utf8').catch(() => '');
    return log.split('\n').filter(Boolean).map((line) => line.split('\0').slice(0, -1));
  }

  before(async () => {
    receiver = await startHookReceiver();
    ws = await TestWorkspace.create();
    binDir = join(ws.path, 'bin');
    await mkdir(binDir);
    // The issue allows a fixture notify-send on PATH: it records its argv, one call per line, arguments NUL-terminated.
    await writeFile(join(binDir, 'notify-send'), `#!/bin/sh\n{ for a in "$@"; do printf '%s\\0' "$a"; done; echo; } >> "${join(binDir, 'notify-send.log')}"\n`);
    await chmod(join(binDir, 'notify-send'), 0o755);
    const source = join(ws.path, 'source');
    await mkdir(source);
    await writeFile(join(source, 'a.txt'), 'notify me\n');
    expect((await ws.cli(['repo', 'add', 'home', '--backend', 'local', '--path', join(ws.path, 'repo'), '--password-env', 'REPO_PW'])).code).to.equal(0);
    expect((await ws.cli(['repo', 'init', 'home'], { env: env(REPO_PASSWORD) })).code).to.equal(0);
    expect((await ws.cli(['plan', 'add', 'docs', '--repo', 'home', '--path', source])).code).to.equal(0);
    const config = JSON.parse(await readFile(ws.configFile, 'utf8')) as Record<string, unknown>;
    config['notifications'] = {
      notifiers: {
        hook: { type: 'webhook', url: receiver.url, hmacSecret: { env: 'HOOK_KEY' } },
        dead: { type: 'webhook', url: `http://127.0.0.1:${await closedPort()}/nobody-listens` },
        desk: { type: 'desktop' },
      },
      rules: [
        { events: ['backup.failed'], notifiers: ['hook'] },
        { events: ['backup.succeeded'], notifiers: ['dead', 'desk'], plans: ['docs'] },
        { events: ['stale'], notifiers: ['hook'], staleHours: 1 },
      ],
    };
    await writeFile(ws.configFile, JSON.stringify(config, null, 2));
  });

  after(async () => {
    await receiver?.stop();
    await ws?.remove();
  });

  it('lists the configured notifiers and the events that reach them', async () => {
    const rows = json<Array<{ name: string; type: string; events: string[] }>>(await ws.cli(['notify', 'list', '--json']));
    expect(rows).to.deep.equal([
      { name: 'hook', type: 'webhook', events: ['backup.failed', 'stale'] },
      { name: 'dead', type: 'webhook', events: ['backup.succeeded'] },
      { name: 'desk', type: 'desktop', events: ['backup.succeeded'] },
    ]);
  });

  it('a backup that fails (wrong repository password) posts backup.failed to the webhook with a valid HMAC signature', async () => {
    const wrong = 'this-is-not-the-password';
    const backup = await ws.cli(['backup', 'docs'], { env: env(wrong) });
    expect(backup.code).to.equal(1);
    const hook = receiver.hooks.find((h) => h.body['event'] === 'backup.failed');
    expect(hook!.headers['x-timelocker-signature']).to.equal(expectedSignature(hook!.raw, HOOK_KEY));
    expect(hook!.headers['x-timelocker-event']).to.equal('backup.failed');
    expect(hook!.body).to.include({ source: 'TimeLocker', event: 'backup.failed', severity: 'error', title: 'Backup of plan "docs" failed' });
    expect(String(hook!.body['body'])).to.match(/wrong password/i);
    expect(hook!.body['details']).to.include({ plan: 'docs', repository: 'home', status: 'failed' });
    expect(hook!.raw).to.not.include(wrong).and.not.include(HOOK_KEY);
    expect(await desktopCalls(), 'no rule sends failures to the desktop').to.deep.equal([]);
  });

  it('checks for stale plans at the end of every CLI backup: the plan that never succeeded is reported', async () => {
    const stale = receiver.hooks.filter((h) => h.body['event'] === 'stale');
    expect(stale).to.have.length(1);
    expect(stale[0]!.headers['x-timelocker-signature']).to.equal(expectedSignature(stale[0]!.raw, HOOK_KEY));
    expect(stale[0]!.body['body']).to.equal('No successful backup of plan "docs" (repository "home") in the last 1 hours; last success: never.');
    expect(receiver.hooks).to.have.length(2);
  });

  it('a notifier that cannot be reached never fails the backup: exit 0, the desktop still notified, the failure logged', async () => {
    const backup = await ws.cli(['backup', 'docs'], { env: env(REPO_PASSWORD) });
    expect(backup.code, backup.stderr).to.equal(0);
    expect(backup.stdout).to.match(/Snapshot [0-9a-f]{8} saved/);
    const calls = await desktopCalls();
    expect(calls).to.have.length(1);
    expect(calls[0]!.slice(0, 3)).to.deep.equal(['--urgency=low', '--app-name=TimeLocker', '--']);
    expect(calls[0]![3]).to.equal('Backup of plan "docs" succeeded');
    expect(calls[0]![4]).to.match(/^Snapshot [0-9a-f]{8} saved to repository "home": 1 new/);
    const log = await readFile(join(ws.dataDir, 'logs', 'timelocker.log'), 'utf8');
    expect(log).to.match(/backup\.succeeded to notifier dead failed: .*(ECONNREFUSED|fetch failed)/);
    expect(receiver.hooks, 'neither the success nor a stale message: the plan is fresh now').to.have.length(2);
  });

  it('`notify test desktop` invokes notify-send with the test message', async () => {
    const sent = await ws.cli(['notify', 'test', 'desk'], { env: env(REPO_PASSWORD) });
    expect(sent.code, sent.stderr).to.equal(0);
    const last = (await desktopCalls()).at(-1)!;
    expect(last).to.deep.equal(['--urgency=low', '--app-name=TimeLocker', '--', 'Test notification',
      'This is a test message from TimeLocker through the notifier "desk". If you can read it, it works.']);
  });
});
