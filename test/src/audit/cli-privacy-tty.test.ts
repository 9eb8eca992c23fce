import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'chai';
import { json, repoRoot } from '../support/cli.js';
import { TestWorkspace } from '../support/workspace.js';

interface TtyResult { code: number; output: string }

/** Runs the CLI on a real pseudo-terminal (util-linux `script`), typing `input`. */
function runOnTty(ws: TestWorkspace, args: readonly string[], input: string): Promise<TtyResult> {
  const command = [process.execPath, join(repoRoot, 'workbench', 'bin', 'timelocker.js'), ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const env = { ...process.env, TIMELOCKER_CONFIG: ws.configFile, TIMELOCKER_DATA_DIR: ws.dataDir, USER: 'bob' };
  const child = spawn('script', ['-qec', command, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    output += d;
    // Answer only once the question is on screen, as a person would.
    if (input && output.includes('[y/N]')) {
      child.stdin.write(input);
      input = '';
    }
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

describe('CLI: privacy notice on a TTY', function () {
  this.timeout(60_000);
  let ws: TestWorkspace;

  beforeEach(async () => (ws = await TestWorkspace.create()));
  afterEach(() => ws.remove());

  it('asks once; a refusal does nothing and asks again, an acceptance is recorded and never asked again', async () => {
    const declined = await runOnTty(ws, ['audit', 'list'], 'n\r');
    expect(declined.output).to.include('TimeLocker privacy notice').and.include('Accept and continue? [y/N]');
    expect(declined.output).to.include('not accepted, so nothing was done');
    expect(declined.code).to.equal(1);

    const accepted = await runOnTty(ws, ['audit', 'list'], 'y\r');
    expect(accepted.code, accepted.output).to.equal(0);
    expect(accepted.output).to.include('(none)');

    const again = await runOnTty(ws, ['audit', 'list'], '');
    expect(again.code, again.output).to.equal(0);
    expect(again.output).not.to.include('privacy notice');

    const status = json<{ status: { decision: string; channel: string; actor: string } }>(await ws.cli(['--json', 'privacy', 'notice']));
    expect(status.status).to.deep.include({ decision: 'accepted', channel: 'tty', actor: 'cli:bob' });
  });
});
