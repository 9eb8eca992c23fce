import { CancellationToken, type JsonObject } from '@timelocker/plugin-api';
import type { FastifyInstance } from 'fastify';
import { inject, injectable } from 'inversify';
import { InitConfirmationRequired, RepositoryService, type SecretInput } from '../../operations/repository-service.js';
import { UsageError } from '../../core/errors.js';
import { ContributionRegistry } from '../../plugins/contribution-registry.js';
import type { ApiRouteContribution } from '../api-route-contribution.js';
import { BackgroundRuns } from '../background-runs.js';
import { jsonObjectSchema, nameParam, pluginCallErrors, renameBody, repositoryErrors, secretInputSchema, success } from './schemas.js';

type SecretBody = string | SecretInput;

interface AddRepositoryBody {
  readonly name: string;
  readonly backend: string;
  readonly settings: JsonObject;
  readonly password: SecretBody;
  readonly secrets?: Readonly<Record<string, SecretBody>>;
}

function toSecretInput(input: SecretBody): SecretInput {
  return typeof input === 'string' ? { value: input } : input;
}

@injectable()
export class RepositoryRoutes implements ApiRouteContribution {
  constructor(
    @inject(RepositoryService) private readonly repositories: RepositoryService,
    @inject(ContributionRegistry) private readonly contributions: ContributionRegistry,
    @inject(BackgroundRuns) private readonly runs: BackgroundRuns,
  ) {}

  registerRoutes(app: FastifyInstance): void {
    app.get('/api/v1/backends', { config: { access: 'viewer' }, schema: { tags: ['repositories'], summary: 'Contributed storage backends with their config schema and secret fields' } },
      async () => this.contributions.get('backends').map((c) => ({ ...c.entry, pluginId: c.pluginId, aliases: c.aliases })));

    app.get('/api/v1/repositories', { config: { access: 'viewer', errors: ['config'] }, schema: { tags: ['repositories'], summary: 'Configured repositories (no secrets)' } },
      async () => this.repositories.list());

    app.post<{ Body: AddRepositoryBody }>('/api/v1/repositories', {
      config: { access: 'admin', errors: ['config', 'not-found', 'conflict', ...pluginCallErrors] },
      schema: {
        tags: ['repositories'], summary: 'Add a repository; the password and backend secrets go to the keyring or stay where `source` says',
        response: success(201, 'The repository as configured (no secrets)'),
        body: {
          type: 'object', required: ['name', 'backend', 'settings', 'password'], additionalProperties: false,
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 200 },
            backend: { type: 'string', minLength: 1 },
            settings: jsonObjectSchema,
            password: secretInputSchema,
            secrets: { type: 'object', additionalProperties: secretInputSchema },
          },
        },
      },
    }, async (request, reply) => {
      const body = request.body;
      const secrets = Object.fromEntries(Object.entries(body.secrets ?? {}).map(([field, input]) => [field, toSecretInput(input)]));
      // Not the request's token: once secrets are stored, the config entry must be written too, client or not.
      const added = await this.repositories.add({
        name: body.name, backend: body.backend, settings: body.settings, password: toSecretInput(body.password),
        ...(body.secrets ? { secrets } : {}),
      }, CancellationToken.None);
      return reply.code(201).send(added);
    });

    app.post<{ Params: { name: string } }>('/api/v1/repositories/:name/test', {
      config: { access: 'operator', errors: ['config', 'not-supported', ...pluginCallErrors] },
      schema: { tags: ['repositories'], summary: 'Test the connection through the backend plugin', params: nameParam },
    }, async (request) => this.repositories.test(request.params.name, request.cancellation));

    app.post<{ Params: { name: string }; Body: { confirmPath?: string } }>('/api/v1/repositories/:name/init', {
      config: { access: 'admin', errors: repositoryErrors },
      schema: {
        tags: ['repositories'], params: nameParam, response: success(202, 'The queued job'),
        summary: 'Initialize the restic repository (a job). 409, nothing done, when a repository is there already. For a repository that had snapshots (a drive not mounted?), 400 with an issue for `body.confirmPath` that names its `location`, unless `confirmPath` names that location',
        body: { type: 'object', additionalProperties: false, properties: { confirmPath: { type: 'string', minLength: 1 } } },
      },
      // The body is optional: a plain POST asks for an init without a confirmation.
      preValidation: (request, _reply, done) => {
        request.body ??= {};
        done();
      },
    }, async (request, reply) => {
      const confirmPath = request.body.confirmPath;
      try {
        return reply.code(202).send(this.runs.track(await this.repositories.init(request.params.name, confirmPath ? { confirmPath } : {}, CancellationToken.None)));
      } catch (error) {
        if (!(error instanceof InitConfirmationRequired)) throw error;
        const issue = { field: 'body.confirmPath', message: `must be the repository's location, ${error.location}`, location: error.location };
        throw new UsageError(error.message, [issue]);
      }
    });

    app.get<{ Params: { name: string } }>('/api/v1/repositories/:name/config', {
      config: { access: 'viewer', errors: ['not-found', 'config'] }, schema: { tags: ['repositories'], summary: "The repository's config entry: backend settings and where its secrets come from (never their values)", params: nameParam },
    }, async (request) => this.repositories.entry(request.params.name));

    app.put<{ Params: { name: string }; Body: JsonObject }>('/api/v1/repositories/:name/config', {
      config: { access: 'admin', errors: ['config', ...pluginCallErrors] },
      schema: {
        tags: ['repositories'], summary: "Replace the repository's config entry (same backend; the plugin validates the settings). Backup data is untouched",
        params: nameParam, body: { ...jsonObjectSchema, required: ['backend'], properties: { backend: { type: 'string', minLength: 1 } } },
      },
    }, async (request) => this.repositories.update(request.params.name, request.body, request.cancellation));

    app.post<{ Params: { name: string }; Body: { to: string } }>('/api/v1/repositories/:name/rename', {
      config: { access: 'admin', errors: ['not-found', 'conflict', 'config', 'unavailable'] },
      schema: {
        tags: ['repositories'], summary: 'Rename a repository; its keyring secrets, plans and policies follow. Backup data is untouched', params: nameParam,
        body: renameBody,
      },
    }, async (request) => ({ name: request.body.to, ...(await this.repositories.rename(request.params.name, request.body.to)) }));

    app.delete<{ Params: { name: string }; Querystring: { deleteSecrets?: boolean } }>('/api/v1/repositories/:name', {
      config: { access: 'admin', errors: ['not-found', 'conflict', 'config', 'unavailable'] },
      schema: {
        tags: ['repositories'], summary: 'Remove the config entry (never the backup data), and its keyring secrets if asked', params: nameParam,
        querystring: { type: 'object', properties: { deleteSecrets: { type: 'boolean', default: false } }, additionalProperties: false },
      },
    }, async (request) => this.repositories.remove(request.params.name, { deleteSecrets: request.query.deleteSecrets ?? false }));
  }
}
