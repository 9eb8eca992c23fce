import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { json } from '../support/cli.js';
import { startRcloneWebdav, type WebdavServer } from '../support/rclone-webdav.js';
import { describeTree, makeSourceTree } from '../support/source-tree.js';
import { type SshServer, startSshServer } from '../support/ssh-server.js';
import { TestWorkspace } from '../support/workspace.js';

const REPO_PASSWORD = 'rclone-repo-password-19f3';
const DAV_PASSWORD = 'dav-password-5c8e21';

describe('rclone backend end to end (Debian rclone: local, WebDAV and SFTP remotes; real restic)', function () {
  this.timeout(240_000);
  let ws: TestWorkspace;
  let dav: WebdavServer;
  let sshd: SshServer;
  let source: string;
  let rcloneConfig: string;
  const env = { REPO_PW: REPO_PASSWORD, DAV_PW: DAV_PASSWORD };
  const cli = (args: readonly string[]) => ws.cli(args, { env });

  before(async () => {
    ws = await TestWorkspace.create();
    await mkdir(join(ws.path, 'dav-root'));
    [dav, sshd] = await Promise.all([startRcloneWebdav(join(ws.path, 'dav-root'), 'backup', DAV_PASSWORD), startSshServer()]);
    source = join(ws.path, 'source');
    await makeSourceTree(source);
    rcloneConfig = join(ws.path, 'rclone.conf');
    // The WebDAV password is not in this file: TimeLocker hands it to rclone from its own secret source.
    await writeFile(rcloneConfig, [
      '[disk]', 'type = local', '',
      '[dav]', 'type = webdav', `url = ${dav.url}`, 'vendor = other', 'user = backup', '',
      '[ssh-box]', 'type = sftp', `host = ${sshd.host}`, `port = ${sshd.port}`, `user = ${sshd.user}`, `key_file = ${sshd.clientKey}`, '',
    ].join('\n'));
  });

  after(async () => {
    await Promise.all([dav?.stop(), sshd?.stop()]);
    await ws?.remove();
  });

  it('names an unknown remote and the ones the config file has', async () => {
    const added = await cli(['repo', 'add', 'ghost', '--backend', 'rclone', '--remote', 'nosuch', '--path', 'x', '--config-file', rcloneConfig, '--password-env', 'REPO_PW']);
    expect(added.code, added.stderr).to.equal(0);
    const tested = await cli(['repo', 'test', 'ghost']);
    expect(tested.code).to.equal(1);
    expect(tested.stdout).to.equal(`error: rclone has no remote named "nosuch" in ${rcloneConfig}; remotes there: dav, disk, ssh-box\n`
      + `create it with \`rclone config --config ${rcloneConfig}\`, or set remote to one of those\n`);
  });

  const remotes: ReadonlyArray<{ name: string; remote: string; path: () => string; extra: readonly string[] }> = [
    { name: 'local', remote: 'disk', path: () => join(ws.path, 'disk-repo'), extra: [] },
    { name: 'webdav', remote: 'dav', path: () => 'backups/laptop', extra: ['--remote-password-env', 'DAV_PW'] },
    { name: 'sftp', remote: 'ssh-box', path: () => join(sshd.root, 'rclone-repo'), extra: [] },
  ];

  for (const { name, remote, path, extra } of remotes) {
    it(`${name} remote: add, test, init, back up, restore byte for byte`, async () => {
      const repo = `via-${name}`;
      const added = await cli(['repo', 'add', repo, '--backend', 'rclone', '--remote', remote, '--path', path(), '--config-file', rcloneConfig, '--password-env', 'REPO_PW', ...extra]);
      expect(added.code, added.stderr).to.equal(0);
      if (name === 'webdav') expect(json<{ status: string }>(await cli(['repo', 'test', repo, '--json'])).status).to.equal('not-found');
      const init = await cli(['repo', 'init', repo]);
      expect(init.code, init.stderr).to.equal(0);
      expect(json<{ status: string; message: string }>(await cli(['repo', 'test', repo, '--json']))).to.deep.equal({ status: 'ok', message: `restic repository found at rclone:${remote}:${path()}` });
      const config = JSON.parse(await readFile(ws.configFile, 'utf8')) as { plans?: Record<string, unknown> };
      await writeFile(ws.configFile, JSON.stringify({ ...config, plans: { ...config.plans, [`plan-${name}`]: { repository: repo, paths: [source] } } }, null, 2));
      const backup = await cli(['backup', `plan-${name}`]);
      expect(backup.code, backup.stderr).to.equal(0);
      const target = join(ws.path, `restored-${name}`);
      const restored = await cli(['restore', 'latest', '--repo', repo, '--target', target]);
      expect(restored.code, restored.stderr).to.equal(0);
      expect(await describeTree(join(target, source))).to.deep.equal(await describeTree(source));
    });
  }

  it('secrets never reach argv, the config file or the log', async () => {
    const argv = (await ws.resticArgv()).flat().join('\n');
    expect(argv).to.include('backup');
    const config = await readFile(ws.configFile, 'utf8');
    const log = await readFile(join(ws.dataDir, 'logs', 'timelocker.log'), 'utf8').catch(() => '');
    for (const text of [argv, config, log]) expect(text).to.not.include(DAV_PASSWORD).and.not.include(REPO_PASSWORD);
    expect(config).to.include('"remotePassword"').and.include('"DAV_PW"');
  });
});
