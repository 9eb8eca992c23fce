import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';
import { expect } from 'chai';
import type { CliResult } from './support/cli.js';
import { mountReadOnly, type ReadOnlyMount } from './support/read-only-mount.js';
import { TestWorkspace } from './support/workspace.js';

/** A setup mistake is the user's to fix: exit 2, one line saying what is wrong and what to do, no stack trace. */
function expectPlainError(result: CliResult, start: string): void {
  expect(result.code, result.stderr).to.equal(2);
  expect(result.stderr).to.include(`error: ${start}`);
  expect(result.stderr).not.to.include('internal error');
  expect(result.stderr).not.to.match(/^ {4}at /m);
}

describe('setup mistakes get a plain message and exit 2, not a stack trace (real CLI)', function () {
  this.timeout(60_000);
  let ws: TestWorkspace;
  let readOnly: ReadOnlyMount | string;

  before(async () => {
    ws = await TestWorkspace.create();
    readOnly = await mountReadOnly(join(ws.path, 'ro'), { 'timelocker.json': '{}\n' });
  });

  after(async () => {
    if (typeof readOnly !== 'string') readOnly.unmount();
    await ws?.remove();
  });

  /** The read-only mount, or a pending test that says why there is none. */
  function mounted(test: Mocha.Context): ReadOnlyMount {
    if (typeof readOnly === 'string') test.skip();
    return readOnly as ReadOnlyMount;
  }

  it('serve on a port in use names the port and suggests another --port', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const result = await ws.cli(['--accept-privacy-notice', 'serve', '--no-open', '--port', String(port)]);
      expectPlainError(result, `Port ${port} on 127.0.0.1 is already in use, perhaps by a TimeLocker workbench that is already running. Choose another port with --port`);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it('a config path that is a folder says so and which setting to change', async () => {
    const result = await ws.cli(['--accept-privacy-notice', 'plan', 'list'], { env: { TIMELOCKER_CONFIG: ws.path } });
    expectPlainError(result, `The config file ${ws.path} is a folder, not a file. Point --config or TIMELOCKER_CONFIG at a file`);
  });

  it('a data dir below a file says so before anything is made in it', async () => {
    const file = join(ws.path, 'a-file');
    await writeFile(file, 'not a folder\n');
    const result = await ws.cli(['--accept-privacy-notice', 'jobs'], { env: { TIMELOCKER_DATA_DIR: join(file, 'data') } });
    expectPlainError(result, `The data dir ${join(file, 'data')} lies below ${file}, which is a file, not a folder. Point --data-dir or TIMELOCKER_DATA_DIR at a folder this user may write.`);
  });

  it('a data dir on a read-only file system says so, not "no such file" (Node\'s mkdir answers ENOENT there)', async function () {
    const { path } = mounted(this);
    for (const dataDir of [join(path, 'data'), join(path, 'deeper', 'data')]) {
      const result = await ws.cli(['--accept-privacy-notice', 'jobs'], { env: { TIMELOCKER_DATA_DIR: dataDir } });
      expectPlainError(result, `The data dir ${dataDir} is on a read-only file system. Point --data-dir or TIMELOCKER_DATA_DIR at a folder this user may write.`);
    }
  });

  it('a config file on a read-only file system is read, and a change to it is refused with its folder named', async function () {
    const { path } = mounted(this);
    const configFile = join(path, 'timelocker.json');
    const env = { TIMELOCKER_CONFIG: configFile, REPO_PW: 'pw' };
    const listed = await ws.cli(['--accept-privacy-notice', 'plan', 'list'], { env });
    expect(listed.code, listed.stderr).to.equal(0);
    await mkdir(join(ws.path, 'repo'), { recursive: true });
    const added = await ws.cli(['repo', 'add', 'home', '--backend', 'local', '--path', join(ws.path, 'repo'), '--password-env', 'REPO_PW'], { env });
    expectPlainError(added, `The config file ${configFile} cannot be changed: its folder ${path} is on a read-only file system. Make it writable, or point --config or TIMELOCKER_CONFIG at a file in a folder this user may write; nothing was changed.`);
  });
});
