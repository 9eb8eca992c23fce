import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pollUntil } from '@timelocker/plugin-api/testing';
import { expect } from 'chai';
import { AuditService } from '../audit/audit-service.js';
import { JobStore } from '../catalog/job-store.js';
import { ConfigError } from '../config/config-model.js';
import { ConfigService } from '../config/config-service.js';
import { startKernel, type Kernel } from '../kernel.js';
import { resolveKernelOptions } from '../kernel-paths.js';
import { jobNotification } from './notification-messages.js';
import { NotificationService } from './notification-service.js';

interface Received { readonly headers: IncomingMessage['headers']; readonly raw: string; readonly body: Record<string, unknown> }

/** A real HTTP endpoint that records every POST. */
async function startReceiver(): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8').on('data', (d: string) => (raw += d)).on('end', () => {
      received.push({ headers: req.headers, raw, body: JSON.parse(raw) as Record<string, unknown> });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('NotificationServiceImpl (real kernel, real plugin host, builtin notifiers)', function () {
  this.timeout(60_000);
  const HMAC = 'hook-signing-key-7f3a';
  let dir: string;
  let kernel: Kernel;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let deadPort: number;

  async function useConfig(notifications: Record<string, unknown>): Promise<NotificationService> {
    await writeFile(join(dir, 'timelocker.json'), JSON.stringify({
      repositories: { home: { backend: 'local', path: join(dir, 'repo'), password: { env: 'NOPE' } } },
      plans: { docs: { repository: 'home', paths: ['/srv/docs'] }, mail: { repository: 'home', paths: ['/srv/mail'] } },
      notifications,
    }));
    await kernel.get<ConfigService>(ConfigService).load();
    return kernel.get<NotificationService>(NotificationService);
  }

  const hook = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({ type: 'webhook', url: receiver.url, hmacSecret: { env: 'TL_TEST_HMAC' }, ...extra });

  before(async () => {
    process.env['TL_TEST_HMAC'] = HMAC;
    receiver = await startReceiver();
    deadPort = await closedPort();
  });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tl-notify-'));
    receiver.received.length = 0;
    kernel = await startKernel(resolveKernelOptions({ configFile: join(dir, 'timelocker.json'), dataDir: join(dir, 'data'), actor: 'test' }));
  });

  afterEach(async () => {
    await kernel.stop();
    await rm(dir, { recursive: true, force: true });
  });

  after(async () => {
    delete process.env['TL_TEST_HMAC'];
    await new Promise((resolve) => receiver.server.close(resolve));
  });

  it('posts a matching event to the webhook, signed with HMAC-SHA256 over the raw body', async () => {
    const service = await useConfig({ notifiers: { ops: hook() }, rules: [{ events: ['backup.failed'], notifiers: ['ops'] }] });
    const failed = jobNotification({ id: 'j1', kind: 'backup', status: 'failed', repository: 'home', plan: 'docs', queuedAt: '2024-01-01T00:00:00Z', error: 'wrong password' })!;
    const deliveries = await service.notify(failed, { plan: 'docs' });
    expect(deliveries).to.deep.equal([{ notifier: 'ops', event: 'backup.failed', status: 'sent' }]);
    expect(receiver.received).to.have.length(1);
    const [request] = receiver.received;
    const expected = `sha256=${createHmac('sha256', HMAC).update(request!.raw).digest('hex')}`;
    expect(request!.headers['x-timelocker-signature']).to.equal(expected);
    expect(request!.body).to.include({ event: 'backup.failed', severity: 'error', title: 'Backup of plan "docs" failed' });
    expect(String(request!.body['body'])).to.include('wrong password');
    expect(request!.raw).to.not.include(HMAC);
  });

  it('sends nothing for events or plans no rule matches', async () => {
    const service = await useConfig({ notifiers: { ops: hook() }, rules: [{ events: ['backup.failed'], notifiers: ['ops'], plans: ['mail'] }] });
    const failed = jobNotification({ id: 'j2', kind: 'backup', status: 'failed', repository: 'home', plan: 'docs', queuedAt: '2024-01-01T00:00:00Z', error: 'x' })!;
    expect(await service.notify(failed, { plan: 'docs' })).to.deep.equal([]);
    const ok = jobNotification({ id: 'j3', kind: 'backup', status: 'succeeded', repository: 'home', plan: 'mail', queuedAt: '2024-01-01T00:00:00Z' })!;
    expect(await service.notify(ok, { plan: 'mail' })).to.deep.equal([]);
    expect(receiver.received).to.have.length(0);
  });

  it('rate-limits identical messages per rule and notifier, persisted in the catalog across kernels', async () => {
    let service = await useConfig({ notifiers: { ops: hook() }, rules: [{ events: ['check.failed'], notifiers: ['ops'] }], rateLimitMinutes: 30 });
    const failed = jobNotification({ id: 'c1', kind: 'check', status: 'failed', repository: 'home', queuedAt: '2024-01-01T00:00:00Z', error: 'pack damaged' })!;
    expect((await service.notify(failed))[0]!.status).to.equal('sent');
    expect((await service.notify(failed))[0]!.status).to.equal('rate-limited');
    const other = jobNotification({ id: 'c2', kind: 'check', status: 'failed', repository: 'home', queuedAt: '2024-01-01T00:00:00Z', error: 'index damaged' })!;
    expect((await service.notify(other))[0]!.status, 'a different message is not limited').to.equal('sent');
    await kernel.stop();
    kernel = await startKernel(resolveKernelOptions({ configFile: join(dir, 'timelocker.json'), dataDir: join(dir, 'data'), actor: 'test' }));
    service = kernel.get<NotificationService>(NotificationService);
    expect((await service.notify(failed))[0]!.status, 'the limit survives a restart').to.equal('rate-limited');
    expect(receiver.received).to.have.length(2);
    service = await useConfig({ notifiers: { ops: hook() }, rules: [{ events: ['check.failed'], notifiers: ['ops'] }], rateLimitMinutes: 0 });
    expect((await service.notify(failed))[0]!.status, 'rateLimitMinutes 0 turns the limit off').to.equal('sent');
  });

  it('reports a notifier failure as a delivery result without throwing, and still serves the other notifiers', async () => {
    const service = await useConfig({
      notifiers: { dead: hook({ url: `http://127.0.0.1:${deadPort}/hook` }), ops: hook() },
      rules: [{ events: ['backup.failed'], notifiers: ['dead', 'ops'] }],
    });
    const failed = jobNotification({ id: 'j4', kind: 'backup', status: 'failed', repository: 'home', plan: 'docs', queuedAt: '2024-01-01T00:00:00Z', error: 'boom' })!;
    const deliveries = await service.notify(failed, { plan: 'docs' });
    const dead = deliveries.find((d) => d.notifier === 'dead')!;
    expect(dead.status).to.equal('failed');
    expect(dead.error).to.match(/ECONNREFUSED|fetch failed/);
    expect(deliveries.find((d) => d.notifier === 'ops')?.status).to.equal('sent');
    expect(receiver.received).to.have.length(1);
    const audited = await kernel.get<AuditService>(AuditService).list({ type: 'notification.failed' });
    expect(audited.map((e) => [e.target, e.details['event']])).to.deep.equal([['notifier:dead', 'backup.failed']]);
    expect(JSON.stringify(audited)).to.not.include(HMAC);
  });

  it('checkStale notifies plans without a recent successful backup, per rule hours and plans', async () => {
    const service = await useConfig({ notifiers: { ops: hook() }, rules: [{ events: ['stale'], notifiers: ['ops'], staleHours: 2 }] });
    const jobs = kernel.get<JobStore>(JobStore);
    const { job: recent } = await jobs.create({ kind: 'backup', repository: 'home', plan: 'docs' });
    await jobs.finish(recent.id, { status: 'succeeded' });
    const { job: old } = await jobs.create({ kind: 'backup', repository: 'home', plan: 'mail' });
    const longAgo = new Date(Date.now() - 3 * 3_600_000).toISOString();
    await jobs.finish(old.id, { status: 'succeeded', finishedAt: longAgo });
    const { stale, deliveries } = await service.checkStale();
    expect(stale).to.deep.equal([{ plan: 'mail', repository: 'home', staleHours: 2, lastSuccess: longAgo }]);
    expect(deliveries.map((d) => d.status)).to.deep.equal(['sent']);
    expect(receiver.received[0]!.body).to.include({ event: 'stale', title: 'Plan "mail" has no recent backup' });
    expect((await service.checkStale()).deliveries.map((d) => d.status), 'the same stale message is rate-limited').to.deep.equal(['rate-limited']);
  });

  it('a long-lived kernel (server) checks for stale plans when it starts', async () => {
    await useConfig({ notifiers: { ops: hook() }, rules: [{ events: ['stale'], notifiers: ['ops'], plans: ['docs'] }] });
    await kernel.stop();
    kernel = await startKernel({ ...resolveKernelOptions({ configFile: join(dir, 'timelocker.json'), dataDir: join(dir, 'data'), actor: 'test' }), longLived: true });
    await pollUntil('the stale notification to arrive', () => receiver.received.length > 0, 20_000);
    expect(receiver.received.map((r) => [r.body['event'], r.body['title']])).to.deep.equal([['stale', 'Plan "docs" has no recent backup']]);
  });

  it('test() sends through one notifier and throws a clear error when it fails or is unknown', async () => {
    const service = await useConfig({ notifiers: { ops: hook(), dead: hook({ url: `http://127.0.0.1:${deadPort}/` }) }, rules: [] });
    await service.test('ops');
    expect(receiver.received[0]!.body).to.include({ event: 'test', title: 'Test notification' });
    const failure = await service.test('dead').then(() => undefined, (e: Error) => e);
    expect(failure?.name).to.equal('OperationError');
    expect(failure?.message).to.include('"dead" failed');
    const unknown = await service.test('nope').then(() => undefined, (e: Error) => e);
    expect(unknown?.name).to.equal('NotFoundError');
  });

  it('validates the section: per-type configSchema, secret fields only as secret sources, rules naming known notifiers', async () => {
    const config = kernel.get<ConfigService>(ConfigService);
    const issues = async (notifications: unknown): Promise<string> => {
      const text = JSON.stringify({ repositories: {}, plans: {}, notifications });
      return (await config.validate(text, 'timelocker.json')).map((i) => `${i.jsonPath}: ${i.message}`).join('\n');
    };
    expect(await issues({ notifiers: { ops: hook() }, rules: [{ events: ['backup.failed', 'stale'], notifiers: ['ops'], staleHours: 12 }] })).to.equal('');
    expect(await issues({ notifiers: { m: { type: 'email', host: 'smtp.example.org', port: 587, from: 'a@b.c', to: ['x@y.z'], user: 'u', password: { keyring: true } } } })).to.equal('');
    expect(await issues({ notifiers: { ops: { type: 'webhook' } } })).to.include('url');
    expect(await issues({ notifiers: { ops: hook({ hmacSecret: 'plain' }) } })).to.include('/notifications/notifiers/ops/hmacSecret');
    expect(await issues({ notifiers: { ops: hook({ colour: 'red' }) } })).to.include('colour');
    // A type no plugin contributes (yet) is no schema error: `config validate` reports the entry as inactive.
    expect(await issues({ notifiers: { ops: { type: 'pager' } } })).to.equal('');
    expect(await issues({ notifiers: { ops: hook() }, rules: [{ events: ['backup.exploded'], notifiers: ['ops'] }] })).to.include('/notifications/rules/0/events/0');
    expect(await issues({ notifiers: { ops: hook() }, rules: [{ events: ['stale'], notifiers: ['pager'] }] })).to.include('unknown notifier "pager"');
    await writeFile(join(dir, 'timelocker.json'), JSON.stringify({ repositories: {}, plans: {}, notifications: { notifiers: { ops: hook({ colour: 'red' }) } } }));
    expect(await config.load().then(() => undefined, (e: unknown) => e)).to.be.instanceOf(ConfigError);
  });
});
