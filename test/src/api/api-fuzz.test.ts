import { request } from 'node:http';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import fc from 'fast-check';
import { json } from '../support/cli.js';
import { withoutSessionBus } from '../support/private-keyring.js';
import { TestWorkspace } from '../support/workspace.js';
import { hostileSegments, mutatedBody, rawBodies, schemaArbitrary, type GeneratorContext, type Schema } from './openapi-arbitraries.js';
import { serveWorkbench, type ServedWorkbench } from './serve-process.js';

interface Parameter {
  readonly in: 'path' | 'query' | 'header';
  readonly name: string;
  readonly required?: boolean;
  readonly schema: Schema;
}

interface Operation {
  readonly method: string;
  readonly path: string;
  readonly parameters?: readonly Parameter[];
  readonly requestBody?: { readonly content: Readonly<Record<string, { readonly schema: Schema }>> };
  readonly responses: Readonly<Record<string, unknown>>;
}

interface HttpRequest {
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

const env = { REPO_PW: 'fuzz test password 7', ...withoutSessionBus };
/** Requests per operation; half carry inputs that follow the schema, half break it. */
const runsPerOperation = 40;

/** Sends one request without any client-side normalization (dot segments and bad escapes reach the server as they are). */
function send(port: number, method: string, req: HttpRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, method, path: req.path, headers: req.headers, agent: false }, (response) => {
      resolve(response.statusCode ?? 0);
      // Event streams never end by themselves: the status is all this test reads.
      response.destroy();
    });
    outgoing.setTimeout(120_000, () => outgoing.destroy(new Error(`${method} ${req.path}: no answer within 120 s`)));
    outgoing.on('error', reject);
    outgoing.end(req.body);
  });
}

/** A raw path segment: valid values are escaped, hostile ones sometimes go out as typed (`..`, `%00`). */
const segment = (value: fc.Arbitrary<unknown>): fc.Arbitrary<string> => fc.oneof(
  { weight: 3, arbitrary: value.map((v) => encodeURIComponent(String(v))) },
  { weight: 1, arbitrary: hostileSegments.map((s) => (/^[\x21-\x7e]+$/.test(s) ? s : encodeURIComponent(s))) },
);

function requestArbitrary(operation: Operation, context: GeneratorContext, token: string): fc.Arbitrary<HttpRequest> {
  const parameters = operation.parameters ?? [];
  const of = (where: Parameter['in']): Parameter[] => parameters.filter((p) => p.in === where);
  const pathValues = fc.record(Object.fromEntries(of('path').map((p) => [p.name, segment(schemaArbitrary(p.schema, context))])));
  const queryValue = (schema: Schema): fc.Arbitrary<unknown> => fc.oneof({ weight: 4, arbitrary: schemaArbitrary(schema, context) }, { weight: 1, arbitrary: fc.string({ maxLength: 20 }) });
  const queryValues = fc.record(Object.fromEntries(of('query').map((p) => [p.name, queryValue(p.schema)])), { requiredKeys: of('query').filter((p) => p.required).map((p) => p.name) as never[] });
  // One request in six carries a query parameter the route does not know.
  const extraQuery = fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.tuple(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 8 })) });
  // Header values are what an HTTP client can send at all: printable ASCII.
  const headerValue = (schema: Schema): fc.Arbitrary<string> => schemaArbitrary(schema, context).map(String).filter((v) => /^[\x20-\x7e]*$/.test(v));
  const headerValues = fc.record(Object.fromEntries(of('header').map((p) => [p.name, fc.oneof(fc.constant('*'), headerValue(p.schema))])), { requiredKeys: [] });
  const schema = operation.requestBody?.content['application/json']?.schema;
  const body: fc.Arbitrary<{ contentType: string; body: string } | undefined> = schema
    ? fc.oneof(
      { weight: 2, arbitrary: schemaArbitrary(schema, context).map((v) => ({ contentType: 'application/json', body: JSON.stringify(v) })) },
      { weight: 1, arbitrary: mutatedBody(schemaArbitrary(schema, context)).map((v) => ({ contentType: 'application/json', body: JSON.stringify(v) })) },
      { weight: 1, arbitrary: rawBodies },
    )
    : fc.constant(undefined);
  // Now and then no token or a wrong one: 401 (and 429 once throttled) must be listed too.
  const authorization = fc.oneof({ weight: 12, arbitrary: fc.constant(`Bearer ${token}`) }, { weight: 1, arbitrary: fc.constantFrom('', 'Bearer tlk_wrong', 'Basic x') });
  return fc.record({ pathValues, queryValues, extraQuery, headerValues, body, authorization }).map((r) => {
    const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => r.pathValues[name] ?? '');
    const query = new URLSearchParams(Object.entries(r.queryValues).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
    if (r.extraQuery) query.append(...r.extraQuery);
    const headers: Record<string, string> = { ...Object.fromEntries(Object.entries(r.headerValues).map(([k, v]) => [k, String(v)])), ...(r.authorization ? { authorization: r.authorization } : {}) };
    if (r.body) headers['content-type'] = r.body.contentType;
    return { path: `${path}${query.size ? `?${query}` : ''}`, headers, ...(r.body ? { body: r.body.body } : {}) };
  });
}

/** Operations that change what the others work on run last, so that most requests meet a workbench with its repository and plan. */
function destructiveLast(a: Operation, b: Operation): number {
  const rank = (o: Operation): number => (o.method === 'DELETE' ? 2 : o.method === 'PUT' ? 1 : 0);
  return rank(a) - rank(b) || a.path.localeCompare(b.path) || a.method.localeCompare(b.method);
}

describe('REST API property test: every answer is a status the OpenAPI document lists for that operation, never 500 (fast-check)', function () {
  this.timeout(900_000);
  let ws: TestWorkspace;
  let served: ServedWorkbench;
  let context: GeneratorContext;

  before(async () => {
    ws = await TestWorkspace.create(env);
    const source = join(ws.path, 'source');
    await mkdir(join(source, 'sub'), { recursive: true });
    await writeFile(join(source, 'sub', 'file.txt'), 'fuzz me\n');
    expect((await ws.cli(['repo', 'add', 'home', '--backend', 'local', '--path', join(ws.path, 'repo'), '--password-env', 'REPO_PW'])).code).to.equal(0);
    expect((await ws.cli(['repo', 'init', 'home'])).code).to.equal(0);
    expect((await ws.cli(['plan', 'add', 'docs', '--repo', 'home', '--path', source])).code).to.equal(0);
    expect((await ws.cli(['backup', 'docs'])).code).to.equal(0);
    const snapshot = json<Array<{ id: string }>>(await ws.cli(['snapshots', '--json']))[0]!.id;
    const pathRoot = join(ws.path, 'targets');
    await mkdir(pathRoot);
    served = await serveWorkbench(ws, env);
    context = {
      pathRoot,
      names: ['home', 'docs', 'latest', snapshot.slice(0, 8)],
      words: [
        snapshot, 'local', 's3', 'sftp', 'csv', 'pdf', 'json', 'html', 'backup-jobs', 'snapshot-inventory', 'audit-trail', 'storage-utilization',
        '30d', '2026-01-01', source, join(source, 'sub'), '/', 'password', '{}', '{ "repositories": {}, "plans": {} }', '5%',
      ],
    };
  });

  after(async () => {
    await served?.stop();
    await ws?.remove();
  });

  it('sends generated and mutated requests to every operation', async () => {
    const port = Number(new URL(served.url).port);
    const document = await (await fetch(new URL('/api/v1/openapi.json', served.url))).json() as { paths: Record<string, Record<string, Omit<Operation, 'method' | 'path'>>> };
    const operations = Object.entries(document.paths)
      .flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ ...operation, method: method.toUpperCase(), path })))
      .sort(destructiveLast);
    expect(operations.length).to.be.greaterThan(35);
    const failures: string[] = [];
    const succeeded = new Set<string>();
    let requests = 0;
    for (const operation of operations) {
      const listed = Object.keys(operation.responses);
      const result = await fc.check(fc.asyncProperty(requestArbitrary(operation, context, served.adminToken), async (req) => {
        requests += 1;
        const status = await send(port, operation.method, req);
        if (status < 300) succeeded.add(`${operation.method} ${operation.path}`);
        if (status === 500 || !listed.includes(String(status))) throw new Error(`answered ${status}, listed: ${listed.join(', ')}`);
      }), { numRuns: runsPerOperation, ...(process.env['FUZZ_SEED'] ? { seed: Number(process.env['FUZZ_SEED']) } : {}), endOnFailure: true });
      if (result.failed) {
        const example = result.counterexample?.[0] as HttpRequest | undefined;
        const body = example?.body && example.body.length > 300 ? `${example.body.slice(0, 300)}… (${example.body.length} chars)` : example?.body;
        failures.push(`${operation.method} ${operation.path} (seed ${result.seed}): ${String((result.errorInstance as Error | undefined)?.message)} for ${JSON.stringify({ ...example, body })}`);
      }
    }
    expect(failures, `${failures.length} operation(s) answered a status their OpenAPI entry does not list:\n${failures.join('\n')}`).to.deep.equal([]);
    expect(requests).to.be.at.least(operations.length * runsPerOperation);
    // The generator is worth something only if its valid inputs get through: most operations must have answered 2xx at least once.
    expect(succeeded.size, `operations answered 2xx: ${[...succeeded].join(', ')}`).to.be.at.least(Math.ceil(operations.length / 2));
    const alive = await fetch(new URL('/api/v1/whoami', served.url), { headers: { authorization: `Bearer ${served.adminToken}` } });
    expect(alive.status, 'the server still answers').to.equal(200);
  });
});
