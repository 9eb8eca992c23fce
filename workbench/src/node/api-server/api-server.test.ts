import { readFile, rm, mkdtemp, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { expect } from 'chai';
import { ApiTokenService } from '../api-tokens/api-token-service.js';
import { resolveKernelOptions } from '../kernel-paths.js';
import { fixturePlugin } from '../plugin-management/plugin-management-test-support.js';
import { startWorkbenchServer, type WorkbenchServer } from '../workbench-server.js';

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown> & { issues?: Array<Record<string, unknown>> };
}

describe('API server (real kernel, real HTTP)', function () {
  this.timeout(60_000);
  let dir: string;
  let server: WorkbenchServer;
  const tokens: Record<'viewer' | 'operator' | 'admin', string> = { viewer: '', operator: '', admin: '' };

  async function call(method: string, path: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
    const headers: Record<string, string> = { ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...options.headers };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(new URL(path, server.address.url), { method, headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) as Answer['body'] : {} };
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tl-api-'));
    const configFile = join(dir, 'timelocker.json');
    await writeFile(configFile, '{\n  // hand-written\n  "repositories": {},\n  "plans": {}\n}\n');
    server = await startWorkbenchServer(resolveKernelOptions({ configFile, dataDir: join(dir, 'data'), actor: 'test', extraPluginDirs: [fixturePlugin('command-errors')] }), { authFailureLimit: 5, authFailureWindowMs: 60_000 });
    const service = server.kernel.get<ApiTokenService>(ApiTokenService);
    for (const role of ['viewer', 'operator', 'admin'] as const) tokens[role] = (await service.create(`t-${role}`, role)).token;
  });

  after(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('binds 127.0.0.1 and publishes a valid OpenAPI 3 document without a token', async () => {
    expect(server.address.host).to.equal('127.0.0.1');
    const response = await fetch(new URL('/api/v1/openapi.json', server.address.url));
    expect(response.status).to.equal(200);
    const document = await response.json() as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).to.match(/^3\./);
    expect(Object.keys(document.paths)).to.include.members(['/api/v1/jobs', '/api/v1/config', '/api/v1/repositories/{name}/snapshots/{id}/ls', '/api/v1/events']);
    await SwaggerParser.validate(structuredClone(document) as unknown as Parameters<typeof SwaggerParser.validate>[0]);
  });

  it('answers 401 without a token or with an unknown one', async () => {
    expect((await call('GET', '/api/v1/repositories')).status).to.equal(401);
    expect((await call('GET', '/api/v1/repositories', { token: 'tlk_not-a-real-token' })).status).to.equal(401);
  });

  it('lets a viewer read but not run jobs, edit config or manage tokens (403)', async () => {
    for (const path of ['/api/v1/repositories', '/api/v1/plans', '/api/v1/jobs', '/api/v1/plugins', '/api/v1/contributions', '/api/v1/config', '/api/v1/backends', '/api/v1/status']) {
      expect((await call('GET', path, { token: tokens.viewer })).status, path).to.equal(200);
    }
    expect((await call('GET', '/api/v1/whoami', { token: tokens.viewer })).body).to.deep.equal({ name: 't-viewer', role: 'viewer' });
    expect((await call('POST', '/api/v1/jobs', { token: tokens.viewer, body: { kind: 'backup', plan: 'x' } })).status).to.equal(403);
    expect((await call('PUT', '/api/v1/config', { token: tokens.viewer, body: { text: '{}' }, headers: { 'if-match': '*' } })).status).to.equal(403);
    expect((await call('GET', '/api/v1/tokens', { token: tokens.viewer })).status).to.equal(403);
  });

  it('lets an operator run jobs but not add repositories or plans', async () => {
    const unknownPlan = await call('POST', '/api/v1/jobs', { token: tokens.operator, body: { kind: 'backup', plan: 'nope' } });
    expect(unknownPlan.status).to.equal(404);
    expect(unknownPlan.body['error']).to.equal('not-found');
    expect(unknownPlan.body['message']).to.include('Unknown plan "nope"');
    expect((await call('POST', '/api/v1/plans', { token: tokens.operator, body: { name: 'p', repository: 'r', paths: ['/tmp'] } })).status).to.equal(403);
    expect((await call('POST', '/api/v1/repositories', { token: tokens.operator, body: {} })).status).to.equal(403);
  });

  it('validates bodies, params and queries by schema with 400s naming the field', async () => {
    const missing = await call('POST', '/api/v1/plans', { token: tokens.admin, body: { name: 'p', paths: ['/tmp'] } });
    expect(missing.status).to.equal(400);
    expect(missing.body['error']).to.equal('usage');
    expect(missing.body.issues?.[0]?.['field']).to.equal('body.repository');
    const wrongType = await call('POST', '/api/v1/jobs', { token: tokens.operator, body: { kind: 'explode' } });
    expect(wrongType.status).to.equal(400);
    expect(wrongType.body['message']).to.include('body.kind');
    const unknownField = await call('POST', '/api/v1/plans', { token: tokens.admin, body: { name: 'p', repository: 'r', paths: ['/tmp'], colour: 'red' } });
    expect(unknownField.body.issues?.[0]?.['field']).to.equal('body.colour');
    const restoreWithoutTarget = await call('POST', '/api/v1/jobs', { token: tokens.operator, body: { kind: 'restore', repository: 'r', snapshot: 'latest' } });
    expect(restoreWithoutTarget.status).to.equal(400);
    expect(restoreWithoutTarget.body.issues?.[0]?.['field']).to.equal('body.target');
    const badQuery = await call('GET', '/api/v1/jobs?limit=0', { token: tokens.viewer });
    expect(badQuery.status).to.equal(400);
    expect(badQuery.body.issues?.[0]?.['field']).to.equal('querystring.limit');
    expect((await call('GET', '/api/v1/jobs/zzzz', { token: tokens.viewer })).status).to.equal(404);
  });

  it('saves the config only with the current ETag, refuses invalid text and leaves the file untouched', async () => {
    const read = await call('GET', '/api/v1/config', { token: tokens.viewer });
    const etag = read.headers.get('etag')!;
    expect(read.body['etag']).to.equal(etag);
    expect(read.body['text']).to.include('// hand-written');
    const original = String(read.body['text']);

    const noIfMatch = await call('PUT', '/api/v1/config', { token: tokens.admin, body: { text: original } });
    expect(noIfMatch.status).to.equal(428);
    expect(noIfMatch.body).to.include({ error: 'precondition-required' });
    expect(noIfMatch.body['message']).to.include('If-Match');

    const invalid = await call('PUT', '/api/v1/config', { token: tokens.admin, body: { text: '{ "repositories": { "r": { "backend": 42 } }, "plans": {} }' }, headers: { 'if-match': etag } });
    expect(invalid.status).to.equal(400);
    expect(invalid.body['error']).to.equal('config');
    expect(invalid.body.issues?.[0]).to.include.keys('line', 'column', 'jsonPath', 'message');
    expect(await readFile(String(read.body['file']), 'utf8')).to.equal(original);

    const edited = original.replace('"plans": {}', '"plans": {},\n  "limits": { "uploadKiBps": 100 }');
    const saved = await call('PUT', '/api/v1/config', { token: tokens.admin, body: { text: edited }, headers: { 'if-match': etag } });
    expect(saved.status, JSON.stringify(saved.body)).to.equal(200);
    expect(saved.body['etag']).to.not.equal(etag);
    expect(await readFile(String(read.body['file']), 'utf8')).to.equal(edited);

    const stale = await call('PUT', '/api/v1/config', { token: tokens.admin, body: { text: original }, headers: { 'if-match': etag } });
    expect(stale.status).to.equal(412);
    expect(stale.body['error']).to.equal('precondition-failed');
    expect(await readFile(String(read.body['file']), 'utf8')).to.equal(edited);

    const validation = await call('POST', '/api/v1/config/validate', { token: tokens.viewer, body: { text: '{ "plans": [] }' } });
    expect(validation.body['valid']).to.equal(false);
  });

  it('answers bad config texts and bodies with 4xx and where, never an internal error', async () => {
    expect((await call('POST', '/api/v1/config/validate', { token: tokens.viewer, body: { text: '{}' } })).body).to.deep.equal({ valid: true, issues: [] });
    const deepText = `{"plans":${'['.repeat(50_000)}${']'.repeat(50_000)}}`;
    const deep = await call('POST', '/api/v1/config/validate', { token: tokens.viewer, body: { text: deepText } });
    expect(deep.status).to.equal(200);
    expect(deep.body['valid']).to.equal(false);
    expect(deep.body.issues).to.have.length(1);
    expect(deep.body.issues?.[0]).to.include({ line: 1, column: 73 }).and.have.property('message').that.includes('deeper than 64 levels');
    const read = await call('GET', '/api/v1/config', { token: tokens.viewer });
    const refused = await call('PUT', '/api/v1/config', { token: tokens.admin, body: { text: deepText }, headers: { 'if-match': read.headers.get('etag')! } });
    expect(refused.status).to.equal(400);
    expect(refused.body['error']).to.equal('config');
    expect(await readFile(String(read.body['file']), 'utf8')).to.equal(read.body['text']);

    const response = await fetch(new URL('/api/v1/commands/fixtures.errors.badArgs', server.address.url), {
      method: 'POST', headers: { authorization: `Bearer ${tokens.admin}`, 'content-type': 'application/json' },
      body: `{"args":${'['.repeat(10_000)}${']'.repeat(10_000)}}`,
    });
    expect(response.status).to.equal(400);
    const body = await response.json() as Answer['body'];
    expect(body).to.include({ error: 'usage' });
    expect(body['message']).to.equal('body nests objects and arrays deeper than 64 levels; nothing TimeLocker reads needs that many (at 1:72)');
  });

  /** The status of GET /api/v1/repositories over a socket to 127.0.0.1 with this exact Host header (none for ''). */
  function statusWithHost(host: string, origin?: string): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      const headers = { ...(host ? { host } : {}), authorization: `Bearer ${tokens.viewer}`, ...(origin ? { origin } : {}) };
      const req = httpRequest({ host: '127.0.0.1', port: server.address.port, path: '/api/v1/repositories', headers, setHost: false }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
  }

  it('refuses other origins (no CORS headers)', async () => {
    const foreign = await call('GET', '/api/v1/repositories', { token: tokens.viewer, headers: { origin: 'http://evil.example' } });
    expect(foreign.status).to.equal(403);
    expect(foreign.headers.get('access-control-allow-origin')).to.equal(null);
    const same = await call('GET', '/api/v1/repositories', { token: tokens.viewer, headers: { origin: server.address.url.replace(/\/$/, '') } });
    expect(same.status).to.equal(200);
  });

  it('answers only its exact Host names (421 otherwise), plus serve.allowedHosts from the config', async () => {
    const port = server.address.port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) expect(await statusWithHost(host), host).to.equal(200);
    for (const host of [`127.evil.example:${port}`, `127.0.0.2:${port}`, `127.0.0.1:${port + 1}`, '127.0.0.1', `localhost.evil.example:${port}`, 'rebound.example', `backup.lan:${port}`]) {
      expect(await statusWithHost(host, `http://${host}`), host).to.equal(421);
    }
    // Node's HTTP server refuses an HTTP/1.1 request without Host before any route sees it.
    expect(await statusWithHost('')).to.equal(400);
    const read = await call('GET', '/api/v1/config', { token: tokens.viewer });
    const text = String(read.body['text']).replace(/}\s*$/, ',\n  "serve": { "allowedHosts": ["backup.lan", "other.lan:1"] }\n}\n');
    const saved = await call('PUT', '/api/v1/config', { token: tokens.admin, body: { text }, headers: { 'if-match': read.headers.get('etag')! } });
    expect(saved.status, JSON.stringify(saved.body)).to.equal(200);
    expect(await statusWithHost(`backup.lan:${port}`, `http://backup.lan:${port}`)).to.equal(200);
    expect(await statusWithHost(`other.lan:${port}`)).to.equal(421);
    expect(await statusWithHost(`backup.lan:${port + 1}`)).to.equal(421);
  });

  it('refuses to init an unknown repository with 404, before any job is recorded', async () => {
    const init = await call('POST', '/api/v1/repositories/NONEXISTENT/init', { token: tokens.admin });
    expect(init.status).to.equal(404);
    expect(init.body['message']).to.include('Unknown repository "NONEXISTENT"');
    expect((await call('GET', '/api/v1/jobs?kind=init', { token: tokens.viewer })).body['total']).to.equal(0);
  });

  it("answers a plugin's failure with its message: 502, the 4xx it signals, 404 for a stale view element", async () => {
    const failed = await call('POST', '/api/v1/commands/fixtures.errors.fail', { token: tokens.admin, body: {} });
    expect(failed.status).to.equal(502);
    expect(failed.body['error']).to.equal('plugin-failed');
    expect(failed.body['message']).to.include('the fixture disk is on fire').and.include('fixtures.command-errors');
    const badArgs = await call('POST', '/api/v1/commands/fixtures.errors.badArgs', { token: tokens.admin, body: { args: [42] } });
    expect(badArgs.status).to.equal(400);
    expect(badArgs.body['message']).to.include('expects a name');
    expect((await call('POST', '/api/v1/commands/fixtures.errors.badArgs', { token: tokens.admin, body: { args: ['you'] } })).body).to.deep.equal({ result: 'hello you' });
    const posing = await call('POST', '/api/v1/commands/fixtures.errors.claimForbidden', { token: tokens.admin, body: {} });
    expect(posing.status, 'a plugin cannot pose as the role check').to.equal(502);
    expect((await call('POST', '/api/v1/commands/fixtures.errors.nope', { token: tokens.admin, body: {} })).status).to.equal(404);

    const roots = await call('GET', '/api/v1/views/fixtures.errors.tree/children', { token: tokens.viewer });
    expect(roots.status).to.equal(200);
    const stale = await call('GET', `/api/v1/views/fixtures.errors.tree/children?element=${encodeURIComponent('999/999')}`, { token: tokens.viewer });
    expect(stale.status).to.equal(404);
    expect(stale.body['message']).to.include('refresh the view');
  });

  it('stores tokens hashed: the catalog never contains a token', async () => {
    const catalog = await readFile(join(dir, 'data', 'catalog.sqlite'));
    for (const token of Object.values(tokens)) expect(catalog.includes(Buffer.from(token))).to.equal(false);
    const listed = await call('GET', '/api/v1/tokens', { token: tokens.admin });
    expect(JSON.stringify(listed.body)).to.not.include('tlk_');
  });

  it('throttles failed authentication (429) but answers a valid token normally, even after 50 bad requests', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 50; i++) {
      statuses.push((await call('GET', '/api/v1/plans', i % 2 === 0 ? {} : { token: `tlk_guess${i}` })).status);
    }
    // The limit is 5 failures a minute; earlier tests in this file failed a few times already.
    expect(statuses.filter((s) => s === 401).length, statuses.join(' ')).to.be.within(0, 5);
    expect(statuses.slice(5).every((s) => s === 429), statuses.join(' ')).to.equal(true);
    const refused = await call('GET', '/api/v1/plans', { token: 'tlk_guess-again' });
    expect(refused.status).to.equal(429);
    expect(Number(refused.headers.get('retry-after'))).to.be.within(1, 60);

    const admin = await call('GET', '/api/v1/plans', { token: tokens.admin });
    expect(admin.status).to.equal(200);
    expect(admin.body).to.deep.equal([]);
    expect((await call('GET', '/api/v1/whoami', { token: tokens.viewer })).body).to.deep.equal({ name: 't-viewer', role: 'viewer' });
    const audit = await call('GET', '/api/v1/audit?type=api.throttled', { token: tokens.admin });
    const throttled = audit.body as unknown as Array<{ details: Record<string, unknown> }>;
    expect(throttled.length, 'one audit entry per throttled sender (this client; requests without a token), not one per request').to.equal(2);
    expect(JSON.stringify(throttled)).to.not.include('tlk_');
  });
});
