import { expect } from 'chai';
import { pollUntil } from '@timelocker/plugin-api/testing';
import { json } from '../support/cli.js';
import { TestWorkspace } from '../support/workspace.js';
import { openEventStream, type OpenEventStream, type ReceivedEvent } from './sse-client.js';
import { serveWorkbench, type ServedWorkbench } from './serve-process.js';

interface ListedToken {
  readonly name: string;
  readonly role: string;
  readonly expiresAt?: string;
  readonly lastUsedAt?: string;
}

/** Resolves with how long after `from` the stream ended; fails when it is still open after `ms`. */
async function endsWithin(stream: OpenEventStream, from: number, ms: number): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`the event stream was still open after ${ms} ms`)), ms); });
  try {
    return (await Promise.race([stream.ended, timeout])) - from;
  } finally {
    clearTimeout(timer);
  }
}

describe('API tokens end to end: expiry, last use, revocation ends event streams (timelocker serve)', function () {
  this.timeout(120_000);
  let ws: TestWorkspace;
  let served: ServedWorkbench;

  async function status(path: string, token: string): Promise<number> {
    return (await fetch(new URL(path, served.url), { headers: { authorization: `Bearer ${token}` } })).status;
  }

  async function stream(token: string, events: ReceivedEvent[]): Promise<OpenEventStream> {
    return openEventStream(new URL(`/api/v1/events?access_token=${encodeURIComponent(token)}`, served.url).toString(), (e) => events.push(e));
  }

  async function admin(method: string, path: string, body?: unknown): Promise<Response> {
    return fetch(new URL(path, served.url), {
      method, headers: { authorization: `Bearer ${served.adminToken}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  }

  async function createToken(name: string, expires?: string): Promise<{ token: string; expiresAt?: string }> {
    const created = await admin('POST', '/api/v1/tokens', { name, role: 'viewer', ...(expires ? { expires } : {}) });
    expect(created.status).to.equal(201);
    return await created.json() as { token: string; expiresAt?: string };
  }

  before(async () => {
    ws = await TestWorkspace.create();
    served = await serveWorkbench(ws);
  });

  after(async () => {
    await served?.stop();
    await ws?.remove();
  });

  it('ends a token\'s open event streams as soon as it is revoked, through the API or by the CLI', async () => {
    const apiRevoked = (await createToken('watcher-a')).token;
    const cliRevoked = (await createToken('watcher-b')).token;
    const seen: ReceivedEvent[] = [];
    const [a1, a2, b] = [await stream(apiRevoked, seen), await stream(apiRevoked, []), await stream(cliRevoked, [])];

    const revokedAt = Date.now();
    expect((await admin('DELETE', '/api/v1/tokens/watcher-a')).status).to.equal(204);
    expect(await endsWithin(a1, revokedAt, 1_000)).to.be.below(1_000);
    expect(await endsWithin(a2, revokedAt, 1_000)).to.be.below(1_000);
    expect(seen.map((e) => e.event)).to.include('token.revoked');
    expect(await status('/api/v1/events', apiRevoked)).to.equal(401);

    const cliAt = Date.now();
    expect((await ws.cli(['token', 'revoke', 'watcher-b'])).code).to.equal(0);
    // Another process wrote the catalog: the server rechecks stream tokens every second.
    expect(await endsWithin(b, cliAt, 5_000)).to.be.below(5_000);
    expect(await status('/api/v1/whoami', cliRevoked)).to.equal(401);
  });

  it('refuses an expired token and ends its stream; `token list` shows expiry and last use', async () => {
    expect((await ws.cli(['token', 'create', 'bad', '--role', 'viewer', '--expires', 'next week'])).code).to.equal(2);
    const longLived = json<{ token: string }>(await ws.cli(['token', 'create', 'monthly', '--role', 'viewer', '--expires', '30d', '--json'])).token;
    expect((await admin('POST', '/api/v1/tokens', { name: 'bad', role: 'viewer', expires: '-1d' })).status).to.equal(400);
    const brief = await createToken('brief', '3s');
    expect(await status('/api/v1/whoami', longLived)).to.equal(200);
    expect(await status('/api/v1/whoami', brief.token)).to.equal(200);
    const briefStream = await stream(brief.token, []);
    const expiresAt = Date.parse(brief.expiresAt!);
    const after = await endsWithin(briefStream, expiresAt, 10_000);
    expect(after, 'ended within a second or two of the expiry').to.be.within(-1_000, 2_500);
    expect(await status('/api/v1/whoami', brief.token)).to.equal(401);

    const listed = await pollUntil('the last use of "monthly" to be recorded', async () => {
      const tokens = await (await admin('GET', '/api/v1/tokens')).json() as ListedToken[];
      return tokens.find((t) => t.name === 'monthly')?.lastUsedAt ? tokens : undefined;
    });
    const monthly = listed.find((t) => t.name === 'monthly')!;
    expect(Date.parse(monthly.expiresAt!) - Date.now()).to.be.within(29 * 86_400_000, 30 * 86_400_000);
    expect(JSON.stringify(listed)).to.not.include('tlk_');
    const table = (await ws.cli(['token', 'list'])).stdout;
    expect(table).to.match(/NAME\s+ROLE\s+CREATED\s+EXPIRES\s+LAST USED/);
    expect(table).to.match(/brief\s+viewer\s+\S+\s+\S+ \(expired\)/);
    expect(table).to.match(/monthly\s+viewer\s+\S+\s+20\d\d-\S+\s+20\d\d-/);
  });
});
