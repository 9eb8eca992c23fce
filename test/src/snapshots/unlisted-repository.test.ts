import { join } from 'node:path';
import { expect } from 'chai';
import { json, type CliResult } from '../support/cli.js';
import { editConfig, workspaceWithLocalRepo } from '../support/workspace-with-repo.js';
import type { TestWorkspace } from '../support/workspace.js';

interface SnapshotJson { id: string; repository: string }

describe('snapshots of every repository while one cannot be listed (real CLI, real restic)', function () {
  this.timeout(120_000);
  let ws: TestWorkspace;
  let cli: (args: readonly string[]) => Promise<CliResult>;

  before(async () => {
    const setup = await workspaceWithLocalRepo('unlisted test pw 1');
    ({ ws, cli } = setup);
    expect((await cli(['plan', 'add', 'p', '--repo', 'r', '--path', setup.source])).code).to.equal(0);
    expect((await cli(['--accept-privacy-notice', 'backup', 'p', '--no-workbench'])).code).to.equal(0);
    // A second repository whose drive is not mounted: its folder is not there.
    await editConfig(ws, (config) => {
      (config['repositories'] as Record<string, unknown>)['usb'] = { backend: 'local', path: join(ws.path, 'not-mounted', 'repo'), password: { env: 'REPO_PW' } };
    });
  });
  after(() => ws?.remove());

  it('lists the repositories it can, names the one it cannot and why, and exits 0', async () => {
    const result = await cli(['snapshots', '--json']);
    expect(result.code, result.stderr).to.equal(0);
    expect(json<SnapshotJson[]>(result).map((s) => s.repository)).to.deep.equal(['r']);
    expect(result.stderr).to.match(/^warning: repository "usb" is not listed: .+/m);
  });

  it('asked for that repository alone, fails with its error', async () => {
    const result = await cli(['snapshots', '--repo', 'usb']);
    expect(result.code).to.not.equal(0);
    expect(result.stderr).to.match(/^error: /m).and.not.match(/is not listed/);
  });
});
