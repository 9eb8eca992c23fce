import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { repoRoot } from './support/cli.js';

const exec = promisify(execFile);

interface MochaJsonResult {
  readonly stats: { readonly passes: number; readonly failures: number };
  readonly failures: ReadonlyArray<{ readonly fullTitle: string; readonly err: { readonly message?: string } }>;
}

describe('the leak check of the test suite (test/src/support/leak-check.ts)', function () {
  this.timeout(60_000);

  it('fails the file that leaves a timer running, and only that file, as npm test runs them', async () => {
    const fixtures = join(repoRoot, 'test', 'fixtures', 'leak-check');
    const mocha = join(repoRoot, 'node_modules', 'mocha', 'bin', 'mocha.js');
    const run = await exec(process.execPath, [
      mocha, '--no-config', '--require', join(repoRoot, 'test', 'dist', 'support', 'leak-check.js'),
      '--parallel', '--jobs', '2', '--reporter', 'json',
      join(fixtures, 'cleans-up.test.cjs'), join(fixtures, 'leaks-a-timer.test.cjs'),
    ], { cwd: repoRoot }).catch((error: { code: number; stdout: string }) => error);
    expect('code' in run ? run.code : 0, 'mocha exit code').to.equal(1);
    const result = JSON.parse(run.stdout) as MochaJsonResult;
    expect(result.stats.passes, 'the tests themselves pass').to.equal(2);
    const messages = result.failures.map((failure) => failure.err.message ?? '');
    expect(messages).to.have.length(1);
    expect(messages[0]).to.contain(`${join(fixtures, 'leaks-a-timer.test.cjs')} left Timeout ×1 open`);
  });
});
