import { expect } from 'chai';
import { json } from '../support/cli.js';
import { runCliOnTty, type TtyResult } from '../support/tty.js';
import { TestWorkspace } from '../support/workspace.js';

/** The privacy question, answered with `input` (nothing: it must not be asked). */
function runOnTty(ws: TestWorkspace, args: readonly string[], input: string): Promise<TtyResult> {
  const env = { TIMELOCKER_CONFIG: ws.configFile, TIMELOCKER_DATA_DIR: ws.dataDir, USER: 'bob' };
  return runCliOnTty(args, env, input ? [{ prompt: '[y/N]', answer: input }] : []);
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
