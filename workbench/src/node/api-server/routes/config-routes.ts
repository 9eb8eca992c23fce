import type { JsonValue } from '@timelocker/plugin-api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { inject, injectable } from 'inversify';
import { parse } from 'jsonc-parser';
import { writeFileAtomic } from '../../config/atomic-write.js';
import { ConfigError, type ConfigIssue } from '../../config/config-model.js';
import { ConfigService } from '../../config/config-service.js';
import { TimeLockerError } from '../../core/errors.js';
import { plainSecretPaths } from '../../config/plain-secrets.js';
import { secretKeys } from '../../config/schema-composer.js';
import { ContributionRegistry } from '../../plugins/contribution-registry.js';
import { ApiEventStream } from '../api-event-stream.js';
import type { ApiRouteContribution } from '../api-route-contribution.js';
import { etagOf, readConfigText } from '../config-etag.js';

const textBody = {
  type: 'object', required: ['text'], additionalProperties: false,
  properties: { text: { type: 'string', maxLength: 1_000_000 } },
} as const;

/** `{ text }` as JSON, or the raw file as text/plain. */
function textOf(body: unknown): string {
  return typeof body === 'string' ? body : (body as { text: string }).text;
}

function wantsRawText(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return accept.includes('text/plain') && !accept.includes('application/json');
}

@injectable()
export class ConfigRoutes implements ApiRouteContribution {
  /** Saves run one after the other so the If-Match check and the write see the same file. */
  private saving: Promise<unknown> = Promise.resolve();

  constructor(
    @inject(ConfigService) private readonly config: ConfigService,
    @inject(ContributionRegistry) private readonly contributions: ContributionRegistry,
    @inject(ApiEventStream) private readonly events: ApiEventStream,
  ) {}

  registerRoutes(app: FastifyInstance): void {
    app.get('/api/v1/config', {
      config: { access: 'viewer' },
      schema: { tags: ['config'], summary: 'The config file as written (comments kept): `{ text, etag, file }`, or the raw text with `Accept: text/plain`' },
    }, async (request, reply) => {
      const text = await readConfigText(this.config.configFile);
      const etag = etagOf(text);
      reply.header('etag', etag).header('cache-control', 'no-store');
      if (wantsRawText(request)) return reply.type('text/plain; charset=utf-8').send(text);
      return { text, etag, file: this.config.configFile };
    });

    app.put('/api/v1/config', {
      config: { access: 'admin', errors: ['config', 'precondition-failed', 'precondition-required'] },
      schema: {
        tags: ['config'], summary: 'Replace the config file; needs `If-Match` with the ETag it was read with (428 without it, 412 when the file changed since)',
        headers: { type: 'object', properties: { 'if-match': { type: 'string', minLength: 1 } } },
        body: { oneOf: [textBody, { type: 'string' }] },
      },
    }, async (request, reply) => {
      const ifMatch = request.headers['if-match'];
      if (ifMatch === undefined) {
        throw new TimeLockerError('precondition-required', 'PUT /api/v1/config needs If-Match with the ETag of GET /api/v1/config (or `*` to replace whatever is there).');
      }
      const run = this.saving.then(() => this.save(textOf(request.body), ifMatch));
      this.saving = run.catch(() => undefined);
      const etag = await run;
      return reply.header('etag', etag).send({ etag });
    });

    app.put<{ Body: { path: Array<string | number>; value?: JsonValue } }>('/api/v1/config/value', {
      config: { access: 'admin', errors: ['config', 'precondition-failed'] },
      schema: {
        tags: ['config'],
        summary: 'Set (or, without `value`, remove) one value of the config, keeping comments and formatting; validated like a whole-file save. `If-Match` (optional) makes it fail with 412 when the file changed since it was read',
        headers: { type: 'object', properties: { 'if-match': { type: 'string', minLength: 1 } } },
        body: {
          type: 'object', required: ['path'], additionalProperties: false,
          properties: {
            path: { type: 'array', minItems: 1, maxItems: 32, items: { anyOf: [{ type: 'string', minLength: 1, maxLength: 200 }, { type: 'integer', minimum: 0 }] } },
            value: {},
          },
        },
      },
    }, async (request, reply) => {
      const run = this.saving.then(() => this.setValue(request.body.path, request.body.value, request.headers['if-match']));
      this.saving = run.catch(() => undefined);
      const etag = await run;
      return reply.header('etag', etag).send({ etag });
    });

    app.post('/api/v1/config/validate', {
      config: { access: 'viewer' },
      schema: { tags: ['config'], summary: 'Validate a config text (schema, then blocking policies) without saving', body: { oneOf: [textBody, { type: 'string' }] } },
    }, async (request) => {
      const issues = await this.issuesOf(textOf(request.body));
      return { valid: issues.length === 0, issues };
    });

    app.get('/api/v1/config/schema', {
      config: { access: 'viewer' }, schema: { tags: ['config'], summary: 'The composed JSON schema (kernel + every plugin contribution)' },
    }, async () => this.config.composedSchema());
  }

  private async save(text: string, ifMatch: string): Promise<string> {
    await this.assertUnchanged(ifMatch);
    const issues = await this.issuesOf(text);
    if (issues.length > 0) throw new ConfigError(issues);
    await writeFileAtomic(this.config.configFile, text);
    await this.config.load();
    const etag = etagOf(text);
    await this.events.checkConfig();
    return etag;
  }

  private async setValue(path: ReadonlyArray<string | number>, value: JsonValue | undefined, ifMatch: string | undefined): Promise<string> {
    if (ifMatch !== undefined) await this.assertUnchanged(ifMatch);
    // modify() validates like a whole-file save: schema, plain secrets, then every participant (policies …).
    await this.config.modify(path, value);
    await this.events.checkConfig();
    return etagOf(await readConfigText(this.config.configFile));
  }

  /** `ifMatch` is the ETag the file was read with, or `*` for whatever is there. */
  private async assertUnchanged(ifMatch: string): Promise<void> {
    if (ifMatch !== '*' && ifMatch !== etagOf(await readConfigText(this.config.configFile))) {
      throw new TimeLockerError('precondition-failed', 'The config file changed since it was read; reload it and apply the edit again.');
    }
  }

  private async issuesOf(text: string): Promise<ConfigIssue[]> {
    const issues = await this.config.validate(text);
    if (issues.length > 0) return issues;
    const plain = plainSecretPaths([], parse(text) as JsonValue, secretKeys(this.contributions));
    return plain.map((path) => ({
      file: this.config.configFile, line: 1, column: 1, jsonPath: `/${path.join('/')}`,
      message: 'secrets are never written to the config file: store it in the keyring, or reference it with { "env": "VAR" }, { "file": "/abs/path" } or { "command": "…" }',
    }));
  }
}
