import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { PluginTestHost } from '@timelocker/plugin-api/testing';
import { startRestServer, type RestServer } from './rest-server.test-support.js';

const run = promisify(execFile);
const pluginPath = fileURLToPath(new URL('..', import.meta.url));

describe('rest backend against rclone serve restic (real plugin host, real restic)', function () {
  this.timeout(60_000);
  let host: PluginTestHost;
  let server: RestServer;
  let source: string;

  before(async () => {
    host = await PluginTestHost.start({ pluginPath });
    server = await startRestServer();
    source = await mkdtemp(join(tmpdir(), 'rest-backend-source-'));
    await writeFile(join(source, 'notes.txt'), 'backed up over the REST protocol\n');
  });
  after(async () => {
    await host?.dispose();
    await server?.stop();
    if (source) await rm(source, { recursive: true, force: true });
  });

  it('resolves to a rest: location', async () => {
    expect(await host.resolveBackend('rest', { url: 'http://127.0.0.1:8000/home' })).to.deep.equal({ repository: 'rest:http://127.0.0.1:8000/home/' });
    const remote = await host.resolveBackend('rest', { url: 'https://backup.example.org/home', cacert: '/etc/ca.pem' });
    expect(remote).to.deep.equal({ repository: 'rest:https://backup.example.org/home/', flags: ['--cacert', '/etc/ca.pem'] });
  });

  it('rejects bad URLs and credentials in the URL', async () => {
    expect((await host.validateBackend('rest', { url: 'not a url' }))[0]!.message).to.match(/not a URL/);
    expect((await host.validateBackend('rest', { url: 'http://me:secret@127.0.0.1:8000/' }))[0]!.message).to.match(/must not contain/);
    expect(await host.validateBackend('rest', { url: 'http://127.0.0.1:8000/home' })).to.deep.equal([]);
  });

  it('reports an unreachable server', async () => {
    const result = await host.testBackendConnection('rest', { url: 'http://127.0.0.1:9/home' });
    expect(result.status).to.equal('unreachable');
  });

  it('backs up through the resolved location with real restic, and tests the connection before and after init', async () => {
    const config = { url: `${server.url}home` };
    expect((await host.testBackendConnection('rest', config)).status).to.equal('not-found');
    const location = await host.resolveBackend('rest', config);
    const env = { ...process.env, RESTIC_REPOSITORY: location.repository, RESTIC_PASSWORD: 'example-password', RESTIC_CACHE_DIR: join(source, '.cache') };
    await run('restic', ['init'], { env });
    expect(await host.testBackendConnection('rest', config)).to.include({ status: 'ok' });
    await run('restic', ['backup', '--json', join(source, 'notes.txt')], { env });
    const { stdout } = await run('restic', ['snapshots', '--json'], { env });
    const snapshots = JSON.parse(stdout) as Array<{ paths: string[] }>;
    expect(snapshots).to.have.length(1);
    expect(snapshots[0]!.paths).to.deep.equal([join(source, 'notes.txt')]);
  });
});
