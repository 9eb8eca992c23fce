import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { inject, injectable } from 'inversify';
import { ConfigService } from '../../config/config-service.js';
import { UsageError } from '../../core/errors.js';
import { PluginManagementService } from '../../plugin-management/plugin-management-service.js';
import { PluginRequirementsService } from '../../plugin-requirements/plugin-requirements-service.js';
import type { ApiRouteContribution } from '../api-route-contribution.js';
import { idParam } from './schemas.js';

/** Largest plugin package accepted by upload (an `npm pack` tarball with bundled dependencies). */
const MAX_PACKAGE_BYTES = 64 * 1024 * 1024;
const PACKAGE_TYPES = ['application/gzip', 'application/x-gzip', 'application/octet-stream'];

const actorOf = (request: FastifyRequest): string => `api:${request.principal?.name ?? 'anonymous'}`;

/** Install, uninstall, enable and disable plugins (admin, audited as the token), and the config entries plugins leave inactive. */
@injectable()
export class PluginManagementRoutes implements ApiRouteContribution {
  constructor(
    @inject(PluginManagementService) private readonly management: PluginManagementService,
    @inject(PluginRequirementsService) private readonly requirements: PluginRequirementsService,
    @inject(ConfigService) private readonly config: ConfigService,
  ) {}

  registerRoutes(app: FastifyInstance): void {
    app.get('/api/v1/plugins/inactive-entries', {
      config: { access: 'viewer', errors: ['config'] },
      schema: { tags: ['plugins'], summary: 'Config entries (repositories, notifiers, policies, audit sinks) whose plugin is disabled, failed or not installed, with the plugin and why' },
    }, async () => this.requirements.inactiveEntries(await this.config.get()));

    app.post<{ Body: { source: string } }>('/api/v1/plugins', {
      config: { access: 'admin', errors: ['rejected'] },
      schema: {
        tags: ['plugins'], summary: 'Install a plugin from a folder or an `npm pack` tarball on the server machine (validated first, audited)',
        body: { type: 'object', required: ['source'], additionalProperties: false, properties: { source: { type: 'string', minLength: 1, maxLength: 4096 } } },
      },
    }, async (request, reply) => reply.code(201).send(await this.management.install(request.body.source, actorOf(request))));

    // An uploaded tarball (the UI's file picker): its own scope, so only this route parses a binary body.
    void app.register(async (scope) => {
      scope.addContentTypeParser(PACKAGE_TYPES, { parseAs: 'buffer', bodyLimit: MAX_PACKAGE_BYTES }, (_request, body, done) => done(null, body));
      scope.post<{ Body: Buffer | undefined }>('/api/v1/plugins/package', {
        config: { access: 'admin', errors: ['rejected'] },
        schema: { tags: ['plugins'], summary: 'Install an uploaded `npm pack` tarball (body: the .tgz bytes; validated first, audited)' },
      }, async (request, reply) => {
        if (!Buffer.isBuffer(request.body) || request.body.length === 0) {
          throw new UsageError(`The body must be the bytes of an \`npm pack\` tarball, sent as ${PACKAGE_TYPES[0]}.`);
        }
        const dir = await mkdtemp(join(tmpdir(), 'tl-plugin-upload-'));
        try {
          const file = join(dir, `${randomUUID()}.tgz`);
          await writeFile(file, request.body);
          return reply.code(201).send(await this.management.install(file, actorOf(request)));
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      });
    });

    app.delete<{ Params: { id: string } }>('/api/v1/plugins/:id', {
      config: { access: 'admin' }, schema: { tags: ['plugins'], summary: 'Uninstall a user plugin (deactivated first; builtin ones can only be disabled)', params: idParam },
    }, async (request) => {
      await this.management.uninstall(request.params.id, actorOf(request));
      return { id: request.params.id, uninstalled: true };
    });

    for (const [verb, enabled] of [['enable', true], ['disable', false]] as const) {
      app.post<{ Params: { id: string } }>(`/api/v1/plugins/:id/${verb}`, {
        config: { access: 'admin', errors: ['not-found'] }, schema: { tags: ['plugins'], summary: `${enabled ? 'Enable' : 'Disable (deactivate)'} a plugin; persisted and audited`, params: idParam },
      }, async (request) => (await this.management.setEnabled(request.params.id, enabled, actorOf(request))) ?? { id: request.params.id });
    }
  }
}
