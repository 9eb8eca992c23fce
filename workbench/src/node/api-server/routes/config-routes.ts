import type { JsonValue } from '@timelocker/plugin-api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { inject, injectable } from 'inversify';
import { ConfigService } from '../../config/config-service.js';
import { TimeLockerError } from '../../core/errors.js';
import { PluginRequirementsService } from '../../plugin-requirements/plugin-requirements-service.js';
import type { ApiRouteContribution } from '../api-route-contribution.js';

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
  constructor(
    @inject(ConfigService) private readonly config: ConfigService,
    @inject(PluginRequirementsService) private readonly requirements: PluginRequirementsService,
  ) {}

  registerRoutes(app: FastifyInstance): void {
    app.get('/api/v1/config', {
      config: { access: 'viewer' },
      schema: { tags: ['config'], summary: 'The config file as written (comments kept): `{ text, etag, file }`, or the raw text with `Accept: text/plain`' },
    }, async (request, reply) => {
      const { text, hash: etag } = await this.config.read();
      reply.header('etag', etag).header('cache-control', 'no-store');
      if (wantsRawText(request)) return reply.type('text/plain; charset=utf-8').send(text);
      return { text, etag, file: this.config.configFile };
    });

    app.put('/api/v1/config', {
      config: { access: 'admin', errors: ['config', 'precondition-failed', 'precondition-required'] },
      schema: {
        tags: ['config'], summary: 'Replace the config file; needs `If-Match` with the ETag it was read with (428 without it, 412 when the file changed since). Written under the same lock and compare-and-swap as every other config write, and audited with the token as actor',
        headers: { type: 'object', properties: { 'if-match': { type: 'string', minLength: 1 } } },
        body: { oneOf: [textBody, { type: 'string' }] },
      },
    }, async (request, reply) => {
      const ifMatch = request.headers['if-match'];
      if (ifMatch === undefined) {
        throw new TimeLockerError('precondition-required', 'PUT /api/v1/config needs If-Match with the ETag of GET /api/v1/config (or `*` to replace whatever is there).');
      }
      const etag = (await this.config.replace(textOf(request.body), ifMatch)).hash;
      return reply.header('etag', etag).send({ etag });
    });

    app.put<{ Body: { path: Array<string | number>; value?: JsonValue } }>('/api/v1/config/value', {
      config: { access: 'admin', errors: ['config', 'precondition-failed'] },
      schema: {
        tags: ['config'],
        summary: 'Set (or, without `value`, remove) one value of the config, keeping comments and formatting; validated like a whole-file save, under the same lock. `If-Match` (optional) makes it fail with 412 when the file changed since it was read',
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
      await this.config.modify(request.body.path, request.body.value, request.headers['if-match']);
      const etag = (await this.config.read()).hash;
      return reply.header('etag', etag).send({ etag });
    });

    app.post('/api/v1/config/validate', {
      config: { access: 'viewer' },
      schema: { tags: ['config'], summary: 'Validate a config text without saving: schema, blocking policies, then each backend\'s and notifier\'s own checks; entries whose plugin is unavailable are warnings', body: { oneOf: [textBody, { type: 'string' }] } },
    }, async (request) => {
      const text = textOf(request.body);
      const issues = await this.config.validate(text);
      if (issues.length > 0) return { valid: false, issues };
      // Entries whose plugin is unavailable are warnings; a backend's or notifier's own check may be an error.
      const plugins = await this.requirements.pluginIssues(text, this.config.configFile, request.cancellation);
      return { valid: plugins.every((i) => i.severity === 'warning'), issues: plugins };
    });

    app.get('/api/v1/config/schema', {
      config: { access: 'viewer' }, schema: { tags: ['config'], summary: 'The composed JSON schema (kernel + every plugin contribution)' },
    }, async () => this.config.composedSchema());
  }
}
