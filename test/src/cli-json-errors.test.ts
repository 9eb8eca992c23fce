import { expect } from 'chai';
import { TestWorkspace } from './support/workspace.js';

interface ErrorJson { error: { kind: string; message: string; exitCode: number } }

describe('--json: a command that fails says so in JSON on stdout too (real CLI)', function () {
  this.timeout(60_000);
  let ws: TestWorkspace;
  before(async () => (ws = await TestWorkspace.create()));
  after(() => ws.remove());

  it('an unknown plan: the error\'s kind, message and exit code, the same line for people on stderr', async () => {
    const result = await ws.cli(['--json', '--accept-privacy-notice', 'backup', 'nope']);
    expect(result.code).to.equal(2);
    const answer = JSON.parse(result.stdout) as ErrorJson;
    expect(answer.error).to.include({ kind: 'not-found', exitCode: 2 });
    expect(answer.error.message).to.match(/^Unknown plan "nope"/);
    expect(result.stderr).to.include(`error: ${answer.error.message}`);
  });

  it('without --json stdout stays empty', async () => {
    const result = await ws.cli(['--accept-privacy-notice', 'backup', 'nope']);
    expect(result.code).to.equal(2);
    expect(result.stdout).to.equal('');
  });
});
