import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import parsePrometheusTextFormat, { type PrometheusFamily } from 'parse-prometheus-text-format';
import { pollUntil } from '@timelocker/plugin-api/testing';
import { json } from '../support/cli.js';
import { TestWorkspace } from '../support/workspace.js';
import { hhmmss } from '../support/workspace-with-repo.js';
import { serveWorkbench, type ServedWorkbench } from './serve-process.js';

const env = { REPO_PW: 'observability-repo-pw-73' };

interface JobJson { id: string; kind: string; status: string; finishedAt?: string; summary?: Record<string, number> }

/** The value of one sample (family name and exact labels); undefined when the family or the sample is missing. */
function sample(families: readonly PrometheusFamily[], name: string, labels: Record<string, string> = {}): number | undefined {
  const family = families.find((f) => f.name === name);
  const match = family?.metrics.find((m) => JSON.stringify(m.labels ?? {}) === JSON.stringify(labels));
  return match === undefined ? undefined : Number(match.value);
}

/** Pids of the plugin host processes `serve` runs (children of the serve process). */
async function pluginHostPids(parent: number): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const [stat, cmdline] = await Promise.all([readFile(`/proc/${entry}/stat`, 'utf8'), readFile(`/proc/${entry}/cmdline`, 'utf8')]).catch(() => ['', '']);
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === parent && cmdline.includes('plugin-host')) pids.push(Number(entry));
  }
  return pids;
}

describe('Prometheus /metrics, /healthz and /readyz of timelocker serve (real backups)', function () {
  this.timeout(180_000);
  let ws: TestWorkspace;
  let served: ServedWorkbench;
  let viewer: string;

  const get = (path: string, token?: string): Promise<Response> => fetch(new URL(path, served.url), { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const scrape = async (token?: string): Promise<PrometheusFamily[]> => {
    const response = await get('/metrics', token);
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.match(/^text\/plain; version=0\.0\.4/);
    return parsePrometheusTextFormat(await response.text());
  };

  before(async () => {
    ws = await TestWorkspace.create(env);
    const source = join(ws.path, 'source');
    await mkdir(source);
    await writeFile(join(source, 'a.txt'), 'first version\n'.repeat(500));
    const cli = async (args: readonly string[], extraEnv: Record<string, string> = {}): Promise<void> => {
      const result = await ws.cli(args, { env: extraEnv });
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).to.equal(0);
    };
    await cli(['repo', 'add', 'home', '--backend', 'local', '--path', join(ws.path, 'repo'), '--password-env', 'REPO_PW']);
    await cli(['repo', 'init', 'home']);
    await cli(['plan', 'add', 'docs', '--repo', 'home', '--path', source]);
    await cli(['backup', 'docs']);
    await writeFile(join(source, 'b.txt'), 'second file\n'.repeat(2000));
    await cli(['backup', 'docs']);
    await cli(['stats', 'home']);
    expect((await ws.cli(['backup', 'docs'], { env: { REPO_PW: 'not-the-password' } })).code).to.equal(1);
    viewer = json<{ token: string }>(await ws.cli(['token', 'create', 'prometheus', '--role', 'viewer', '--json'])).token;
    // A plan scheduled every second whose backup window opens only in an hour: the scheduler fires (and measures its
    // lag), no job starts.
    const config = JSON.parse(await readFile(ws.configFile, 'utf8')) as { plans: Record<string, unknown> };
    const hour = 3_600_000;
    const window = { start: hhmmss(new Date(Date.now() + hour)), end: hhmmss(new Date(Date.now() + 2 * hour)) };
    config.plans['ticker'] = { repository: 'home', paths: [join(ws.path, 'missing')], schedule: '* * * * * *', window };
    await writeFile(ws.configFile, JSON.stringify(config, null, 2));
    served = await serveWorkbench(ws);
  });

  after(async () => {
    await served?.stop();
    await ws?.remove();
  });

  it('/healthz and /readyz answer loopback clients without a token, with nothing but up/down', async () => {
    const health = await get('/healthz');
    expect([health.status, await health.json()]).to.deep.equal([200, { status: 'up' }]);
    const ready = await get('/readyz');
    expect([ready.status, await ready.json()]).to.deep.equal([200, { status: 'up' }]);
  });

  it('/metrics needs a viewer token and reports the real backups, jobs, repository, audit chain, plugin host and scheduler', async () => {
    expect((await get('/metrics')).status).to.equal(401);
    expect((await get('/metrics', 'not-a-token')).status).to.equal(401);
    const jobs = json<JobJson[]>(await ws.cli(['jobs', '--json']));
    const last = jobs.filter((j) => j.kind === 'backup' && j.status === 'succeeded').sort((a, b) => b.finishedAt!.localeCompare(a.finishedAt!))[0]!;
    const families = await pollUntil('the scheduler to fire a slot', async () => {
      const scraped = await scrape(viewer);
      return sample(scraped, 'timelocker_scheduler_lag_seconds') === undefined ? undefined : scraped;
    }, 15_000);
    const docs = { plan: 'docs', repository: 'home' };
    expect(sample(families, 'timelocker_backup_last_success_timestamp_seconds', docs)).to.equal(Date.parse(last.finishedAt!) / 1000);
    expect(sample(families, 'timelocker_backup_last_duration_seconds', docs)).to.equal(last.summary!['durationSeconds']);
    expect(sample(families, 'timelocker_backup_last_added_bytes', docs)).to.equal(last.summary!['dataAdded']).and.be.greaterThan(0);
    expect(sample(families, 'timelocker_backup_last_processed_bytes', docs)).to.equal(last.summary!['totalBytesProcessed']).and.equal(7000 + 24000);
    expect(sample(families, 'timelocker_backup_last_processed_files', docs)).to.equal(2);
    expect(families.find((f) => f.name === 'timelocker_jobs_total')?.type).to.equal('COUNTER');
    expect(sample(families, 'timelocker_jobs_total', { kind: 'backup', status: 'succeeded' })).to.equal(2);
    expect(sample(families, 'timelocker_jobs_total', { kind: 'backup', status: 'failed' })).to.equal(1);
    expect(sample(families, 'timelocker_jobs_total', { kind: 'init', status: 'succeeded' })).to.equal(1);
    expect(families.find((f) => f.name === 'timelocker_jobs_running')?.metrics).to.deep.equal([]);
    const storage = await (await get('/api/v1/metrics/storage?repository=home', viewer)).json() as Array<{ rawSize: number; snapshotCount: number }>;
    expect(sample(families, 'timelocker_repository_size_bytes', { repository: 'home' })).to.equal(storage.at(-1)!.rawSize).and.be.greaterThan(0);
    expect(sample(families, 'timelocker_repository_snapshots', { repository: 'home' })).to.equal(2);
    expect(sample(families, 'timelocker_audit_chain_intact')).to.equal(1);
    expect(sample(families, 'timelocker_audit_last_verified_timestamp_seconds')).to.be.closeTo(Date.now() / 1000, 120);
    expect(sample(families, 'timelocker_breaker_open', { repository: 'home' })).to.equal(0);
    expect(sample(families, 'timelocker_breaker_consecutive_failures', { repository: 'home' })).to.equal(0);
    expect(sample(families, 'timelocker_plugin_host_up')).to.equal(1);
    expect(sample(families, 'timelocker_plugin_host_restarts_total')).to.equal(0);
    expect(sample(families, 'timelocker_scheduler_running')).to.equal(1);
    expect(sample(families, 'timelocker_scheduler_lag_seconds')).to.be.within(0, 5);
    expect(sample(families, 'process_resident_memory_bytes')).to.be.greaterThan(0);
  });

  it('serve.metrics.public lets loopback clients scrape without a token', async () => {
    const config = await (await get('/api/v1/config', served.adminToken)).json() as { text: string; etag: string };
    const edited = { ...JSON.parse(config.text) as Record<string, unknown>, serve: { metrics: { public: true } } };
    const put = await fetch(new URL('/api/v1/config', served.url), {
      method: 'PUT', headers: { authorization: `Bearer ${served.adminToken}`, 'content-type': 'application/json', 'if-match': config.etag },
      body: JSON.stringify({ text: JSON.stringify(edited, null, 2) }),
    });
    expect(put.status, await put.text()).to.equal(200);
    expect(sample(await scrape(), 'timelocker_plugin_host_up')).to.equal(1);
  });

  it('/readyz names the plugin host once it keeps crashing; /metrics counts its restarts', async () => {
    const servePid = served.running.child.pid!;
    for (let crash = 1; crash <= 4; crash++) {
      const [host] = await pollUntil(`plugin host number ${crash}`, async () => {
        const pids = await pluginHostPids(servePid);
        return pids.length > 0 ? pids : undefined;
      }, 15_000);
      process.kill(host!, 'SIGKILL');
      await pollUntil(`plugin host ${host} to be gone`, async () => ((await pluginHostPids(servePid)).includes(host!) ? undefined : true), 15_000);
    }
    const ready = await pollUntil('/readyz to report the plugin host down', async () => {
      const response = await get('/readyz');
      return response.status === 503 ? response.json() : undefined;
    }, 15_000);
    expect(ready).to.deep.equal({ status: 'down', failing: ['plugin-host'] });
    const families = await scrape();
    expect(sample(families, 'timelocker_plugin_host_restarts_total')).to.equal(3);
    expect(sample(families, 'timelocker_plugin_host_up')).to.equal(0);
    expect((await get('/healthz')).status, 'the process itself still answers').to.equal(200);
  });
});
