import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { serveWorkbench, type ServedWorkbench } from './api/serve-process.js';
import type { CliResult } from './support/cli.js';
import { mountReadOnly, type ReadOnlyMount } from './support/read-only-mount.js';
import { TestWorkspace } from './support/workspace.js';

const env = { REPO_PW: 'unwritable target password 5' };

/** Refused before the job starts: exit 2, the reason in one line, no stack trace, no job. */
function expectRefused(result: CliResult, message: string): void {
  expect(result.code, result.stderr).to.equal(2);
  expect(result.stderr).to.include(`error: ${message}`);
  expect(result.stderr).not.to.match(/^ {4}at /m);
}

describe('a restore target that cannot be written is refused before the job starts (real CLI, real restic, REST)', function () {
  this.timeout(120_000);
  let ws: TestWorkspace;
  let readOnly: ReadOnlyMount | string;
  let file: string;

  before(async () => {
    ws = await TestWorkspace.create(env);
    const source = join(ws.path, 'source');
    await mkdir(source);
    await writeFile(join(source, 'note.txt'), 'restore me\n');
    file = join(ws.path, 'a-file');
    await writeFile(file, 'not a folder\n');
    expect((await ws.cli(['--accept-privacy-notice', 'repo', 'add', 'home', '--backend', 'local', '--path', join(ws.path, 'repo'), '--password-env', 'REPO_PW'])).code).to.equal(0);
    expect((await ws.cli(['repo', 'init', 'home'])).code).to.equal(0);
    expect((await ws.cli(['plan', 'add', 'docs', '--repo', 'home', '--path', source])).code).to.equal(0);
    expect((await ws.cli(['backup', 'docs'])).code).to.equal(0);
    readOnly = await mountReadOnly(join(ws.path, 'ro'));
  });

  after(async () => {
    if (typeof readOnly !== 'string') readOnly.unmount();
    await ws?.remove();
  });

  it('a target below a file names that file', async () => {
    const target = join(file, 'restored');
    expectRefused(await ws.cli(['restore', 'latest', '--repo', 'home', '--target', target]), `Restore target "${target}" lies below ${file}, which is a file, not a folder; choose another folder.`);
    expect((await ws.cli(['jobs'])).stdout).not.to.include('restore');
  });

  it('an existing folder and a new one on a read-only file system say so (not ENOENT, not a staging folder)', async function () {
    if (typeof readOnly === 'string') this.skip();
    const { path } = readOnly as ReadOnlyMount;
    for (const target of [path, join(path, 'new')]) {
      expectRefused(await ws.cli(['restore', 'latest', '--repo', 'home', '--target', target]), `Restore target "${target}" is on a read-only file system; choose another folder.`);
    }
  });

  it('the REST API answers 400 with the same message', async () => {
    const served: ServedWorkbench = await serveWorkbench(ws, env);
    try {
      const target = join(file, 'restored');
      const response = await fetch(new URL('/api/v1/jobs', served.url), {
        method: 'POST', headers: { 'authorization': `Bearer ${served.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'restore', repository: 'home', snapshot: 'latest', target }),
      });
      expect(response.status).to.equal(400);
      expect(JSON.stringify(await response.json())).to.include(`Restore target \\"${target}\\" lies below ${file}`);
    } finally {
      await served.stop();
    }
  });
});
