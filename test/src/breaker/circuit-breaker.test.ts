import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { pollUntil } from '@timelocker/plugin-api/testing';
import { type HookReceiver, startHookReceiver } from '../notifications/test-receivers.js';
import { json } from '../support/cli.js';
import { S3RVER_ACCESS_KEY_ID, type S3Server, startS3Server } from '../support/s3-server.js';
import { TestWorkspace } from '../support/workspace.js';

const PASSWORD = 'breaker-repo-password-4417';
const SECRET_KEY = 'breaker-s3-secret-90ab';

interface BreakerJson { repository: string; state: string; failures: number; threshold: number; retryAt?: string; coolDownSeconds?: number; lastError?: string }
interface PlanStatusJson { plan: string; breaker: BreakerJson | null }
interface AuditJson { type: string; target: string | null; details: Record<string, unknown> }

describe('circuit breaker per repository (real CLI, real restic, s3rver stopped and restarted)', function () {
  this.timeout(180_000);
  let s3: S3Server;
  let ws: TestWorkspace;
  let receiver: HookReceiver;
  const env = { S3_KEY: S3RVER_ACCESS_KEY_ID, S3_SECRET: SECRET_KEY, REPO_PW: PASSWORD };

  let textLogLength = 0;
  const logFile = (): string => join(ws.dataDir, 'logs', 'timelocker.log');
  const cli = (args: readonly string[]) => ws.cli(args, { env });
  const breakerOf = async (): Promise<BreakerJson | null> => json<{ planStatuses: PlanStatusJson[] }>(await cli(['status', '--json'])).planStatuses[0]!.breaker;
  const backupRuns = async (): Promise<number> => (await ws.resticArgv()).filter((argv) => argv.includes('backup')).length;

  before(async () => {
    [s3, ws, receiver] = await Promise.all([startS3Server({ buckets: ['restic'] }), TestWorkspace.create(), startHookReceiver()]);
    const source = join(ws.path, 'source');
    await mkdir(source);
    await writeFile(join(source, 'a.txt'), 'keep me safe\n');
    const added = await cli(['repo', 'add', 'cloud', '--backend', 's3', '--endpoint', s3.endpoint, '--bucket', 'restic', '--ca-cert-file', s3.caCertFile,
      '--access-key-id-env', 'S3_KEY', '--secret-access-key-env', 'S3_SECRET', '--password-env', 'REPO_PW']);
    expect(added.code, added.stderr).to.equal(0);
    expect((await cli(['repo', 'init', 'cloud'])).code).to.equal(0);
    expect((await cli(['plan', 'add', 'docs', '--repo', 'cloud', '--path', source])).code).to.equal(0);
    const config = JSON.parse(await readFile(ws.configFile, 'utf8')) as Record<string, unknown>;
    // Two failures open it; a short cool-down (still longer than a few CLI calls) keeps the trial quick. No retries.
    config['circuitBreaker'] = { failures: 2, coolDown: '12s', maxCoolDown: '1h' };
    config['retry'] = { attempts: 1 };
    config['logging'] = { format: 'json' };
    config['notifications'] = {
      notifiers: { hook: { type: 'webhook', url: receiver.url } },
      rules: [{ events: ['breaker.opened', 'breaker.closed'], notifiers: ['hook'] }],
      rateLimitMinutes: 0,
    };
    await writeFile(ws.configFile, JSON.stringify(config, null, 2));
    textLogLength = (await readFile(logFile(), 'utf8')).length;
  });

  after(async () => {
    await Promise.all([s3?.stop(), receiver?.stop()]);
    await ws?.remove();
  });

  it('opens after N failed scheduled runs, holds back scheduled runs, lets a trial through after the cool-down, doubles it', async () => {
    await s3.pause();
    const first = await cli(['backup', 'docs', '--scheduled']);
    expect(first.code, first.stdout).to.equal(1);
    expect(await breakerOf()).to.include({ state: 'closed', failures: 1, threshold: 2 });

    expect((await cli(['backup', 'docs', '--scheduled'])).code).to.equal(1);
    // While open, a scheduled run does not even start restic.
    const runsBefore = await backupRuns();
    const held = await cli(['backup', 'docs', '--scheduled']);
    expect(held.code, held.stderr).to.equal(0);
    expect(held.stdout).to.match(/^Plan docs not backed up: the circuit breaker of repository cloud is open after 2 failed scheduled runs in a row .*scheduled runs pause until \S+\. A manual run still goes through/);
    expect(await backupRuns()).to.equal(runsBefore);
    expect((await cli(['status'])).stdout).to.match(/Repository cloud: circuit breaker OPEN after 2 failed scheduled runs .*connection refused/);
    const opened = await breakerOf();
    expect(opened).to.include({ failures: 2, coolDownSeconds: 12 });
    expect(opened!.lastError).to.match(/connection refused/);
    const hook = await pollUntil('breaker.opened at the webhook', async () => receiver.hooks.find((h) => h.body['event'] === 'breaker.opened'), 10_000);
    expect(hook.body).to.include({ severity: 'error', title: 'Scheduled runs of repository "cloud" paused' });
    expect(hook.body['details']).to.include({ repository: 'cloud', failures: 2 });

    // After the cool-down the next scheduled run is the trial; it fails, and the pause doubles.
    await pollUntil('the cool-down to pass', async () => ((await breakerOf())?.state === 'half-open' ? true : undefined), 30_000);
    expect((await cli(['backup', 'docs', '--scheduled'])).code).to.equal(1);
    expect(await backupRuns()).to.equal(runsBefore + 1);
    expect(await breakerOf()).to.include({ state: 'open', failures: 3, coolDownSeconds: 24 });
  });

  it('a manual run goes through the open breaker; once the server is back its success closes it', async () => {
    await s3.resume();
    const manual = await cli(['backup', 'docs']);
    expect(manual.code, manual.stderr).to.equal(0);
    expect(await breakerOf()).to.equal(null);
    expect((await cli(['status'])).stdout).to.not.include('circuit breaker');
    const closed = await pollUntil('breaker.closed at the webhook', async () => receiver.hooks.find((h) => h.body['event'] === 'breaker.closed'), 10_000);
    expect(closed.body).to.include({ severity: 'info', title: 'Scheduled runs of repository "cloud" resumed' });
  });

  it('every opening and closing is audited; the JSON log names the jobs and never a secret', async () => {
    const entries = json<AuditJson[]>(await cli(['audit', 'list', '--json'])).filter((e) => e.type.startsWith('breaker.'));
    expect(entries.map((e) => [e.type, e.target])).to.deep.equal([['breaker.opened', 'cloud'], ['breaker.opened', 'cloud'], ['breaker.closed', 'cloud']]);
    expect(entries[1]!.details).to.include({ failures: 3, coolDownSeconds: 24 });
    const log = (await readFile(logFile(), 'utf8')).slice(textLogLength);
    const lines = log.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.every((l) => typeof l['time'] === 'string' && typeof l['level'] === 'string' && typeof l['component'] === 'string' && typeof l['message'] === 'string')).to.equal(true);
    expect(lines.some((l) => l['component'] === 'breaker' && /opened after 2 failed scheduled runs/.test(String(l['message'])))).to.equal(true);
    const jobLine = lines.find((l) => l['component'] === 'jobs' && /succeeded/.test(String(l['message'])));
    expect(jobLine?.['jobId'], 'a job\'s own lines carry its id').to.be.a('string').and.satisfy((id: string) => String(jobLine!['message']).includes(id));
    expect(log).to.not.include(PASSWORD).and.not.include(SECRET_KEY);
  });
});
