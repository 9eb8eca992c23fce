import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { json } from './support/cli.js';
import { withoutSessionBus } from './support/private-keyring.js';
import { runCliOnTty } from './support/tty.js';
import { TestWorkspace } from './support/workspace.js';

const PASSWORD = 'no keyring password 7';

/** A server, container or minimal desktop: no Secret Service. `repo add` must still lead somewhere. */
describe('CLI without a keyring: repo add offers the other password sources', function () {
  this.timeout(120_000);
  let ws: TestWorkspace;

  before(async () => {
    ws = await TestWorkspace.create({ ...withoutSessionBus });
  });
  after(() => ws.remove());

  it('in a script, names the keyring problem and the flags to use instead, and changes nothing', async () => {
    const added = await ws.cli(['repo', 'add', 'scripted', '--backend', 'local', '--path', join(ws.path, 'scripted')]);
    expect(added.code, added.stderr).to.equal(2);
    expect(added.stderr).to.include('The system keyring is not available here: No Secret Service is available (no D-Bus session). Say where TimeLocker finds');
    expect(added.stderr).to.include('--password-env VAR, --password-file FILE or --password-command CMD');
    expect((await ws.cli(['--json', 'repo', 'list'])).stdout).not.to.include('scripted');
  });

  it('refuses a password file that others can read, then uses it once it is 0600', async () => {
    const file = join(ws.path, 'repo.password');
    await writeFile(file, `${PASSWORD}\n`, { mode: 0o644 });
    await chmod(file, 0o644);
    const repoArgs = ['repo', 'add', 'filed', '--backend', 'local', '--path', join(ws.path, 'filed'), '--password-file', file];
    const refused = await ws.cli(repoArgs);
    expect(refused.code).to.equal(2);
    expect(refused.stderr).to.include(`can be read by other users (mode 644): restrict it with \`chmod 600 ${file}\``);
    await chmod(file, 0o600);
    const added = await ws.cli(repoArgs);
    expect(added.code, added.stderr).to.equal(0);
    const init = await ws.cli(['repo', 'init', 'filed']);
    expect(init.code, init.stderr).to.equal(0);
  });

  it('on a terminal, creates a 0600 password file that init and backup then read', async () => {
    const env = { TIMELOCKER_CONFIG: ws.configFile, TIMELOCKER_DATA_DIR: ws.dataDir, ...withoutSessionBus };
    const added = await runCliOnTty(['--accept-privacy-notice', 'repo', 'add', 'typed', '--backend', 'local', '--path', join(ws.path, 'typed')], env, [
      { prompt: 'Choice [1]: ', answer: '\r' },
      { prompt: 'File [', answer: '\r' },
      { prompt: 'repository password for repository "typed": ', answer: `${PASSWORD}\r` },
      { prompt: 'Repeat the repository password: ', answer: `${PASSWORD}\r` },
    ]);
    expect(added.code, added.output).to.equal(0);
    expect(added.output).to.include('The system keyring is not available here').and.include('1) a file only you can read');
    const file = join(ws.dataDir, 'secrets', 'typed.password');
    expect(((await stat(file)).mode & 0o777).toString(8)).to.equal('600');
    expect(await readFile(file, 'utf8')).to.equal(`${PASSWORD}\n`);
    const config = await readFile(ws.configFile, 'utf8');
    expect(config).to.include(`"file": "${file}"`).and.not.include(PASSWORD);

    const source = join(ws.path, 'source');
    await mkdir(source);
    await writeFile(join(source, 'note.txt'), 'kept without a keyring\n');
    expect((await ws.cli(['plan', 'add', 'docs', '--repo', 'typed', '--path', source])).code).to.equal(0);
    expect((await ws.cli(['repo', 'init', 'typed'])).code).to.equal(0);
    const backup = await ws.cli(['backup', 'docs']);
    expect(backup.code, backup.stderr).to.equal(0);
    expect(json<unknown[]>(await ws.cli(['--json', 'snapshots', '--repo', 'typed']))).to.have.length(1);
  });
});
