import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmod, lstat, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { isListening, listenPrivately, privateSocketProblem } from './private-socket.js';

describe('the workbench socket is private to its user', () => {
  let dir: string;
  let path: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tl-socket-'));
    path = join(dir, 'workbench.sock');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  /** A socket file whose process is gone: a node child listening on it, killed with SIGKILL (no clean-up ran). */
  async function staleSocket(): Promise<void> {
    const child = spawn(process.execPath, ['-e', `require('node:net').createServer().listen(${JSON.stringify(path)}, () => console.log('up'))`], { stdio: ['ignore', 'pipe', 'inherit'] });
    await once(child.stdout, 'data');
    child.kill('SIGKILL');
    await once(child, 'exit');
  }

  it('is created 0600 and owned by this user, replaces a stale socket file, and leaves a live one alone', async () => {
    await staleSocket();
    expect(await isListening(path), 'stale: nobody listens').to.equal(false);
    const first = await listenPrivately(path, (socket) => socket.end());
    if (!('server' in first)) throw new Error('the stale socket was not replaced');
    const stats = await lstat(path);
    expect(stats.mode & 0o777).to.equal(0o600);
    expect(stats.uid).to.equal(process.getuid!());
    expect(await privateSocketProblem(path)).to.equal(undefined);
    expect(await isListening(path)).to.equal(true);
    expect(await listenPrivately(path, (socket) => socket.end()), 'a second workbench of the same data dir').to.deep.equal({ busy: true });
    await new Promise<void>((resolve) => first.server.close(() => resolve()));
  });

  it('the CLI refuses a socket other users can open, and a file that is not a socket', async () => {
    const listening = await listenPrivately(path, (socket) => socket.end());
    if (!('server' in listening)) throw new Error('expected to listen');
    await chmod(path, 0o666);
    expect(await privateSocketProblem(path)).to.match(/can be opened by other users \(mode 666\)/);
    await new Promise<void>((resolve) => listening.server.close(() => resolve()));
    await writeFile(path, 'not a socket');
    expect(await privateSocketProblem(path)).to.match(/is not a socket/);
    await listenPrivately(path, () => undefined).then(() => expect.fail('a plain file must not be replaced'), (error: Error) => expect(error.message).to.match(/is not a socket; remove it/));
  });
});
