import type { FastifyInstance } from 'fastify';
import { inject, injectable } from 'inversify';
import { ConfigService } from '../../config/config-service.js';
import { NotFoundError, UsageError } from '../../core/errors.js';
import { KernelOptions } from '../../core/kernel-options.js';
import { CredentialsService, passwordFileDir, repositoryAccount } from '../../credentials/credentials-service.js';
import type { ApiRouteContribution } from '../api-route-contribution.js';
import { success } from './schemas.js';

type SecretTarget = { readonly account: string } | { readonly repository: string; readonly field: string };
type SetSecretBody = SecretTarget & { readonly value: string };

const name = { type: 'string', minLength: 1, maxLength: 200 } as const;

/**
 * Keyring secrets: names only on the way out, values only on the way in. CredentialsService is the auditing
 * decorator, so every `secret.set` lands in the audit log (without the value).
 */
@injectable()
export class SecretRoutes implements ApiRouteContribution {
  constructor(
    @inject(CredentialsService) private readonly credentials: CredentialsService,
    @inject(ConfigService) private readonly config: ConfigService,
    @inject(KernelOptions) private readonly options: KernelOptions,
  ) {}

  registerRoutes(app: FastifyInstance): void {
    app.get('/api/v1/secrets/keyring', {
      config: { access: 'viewer' },
      schema: {
        tags: ['secrets'],
        summary: 'Whether the OS keyring can store secrets here; if not, why, and the folder where a password file would be created instead',
      },
    }, async () => ({ ...(await this.credentials.keyringStatus()), passwordFileDir: passwordFileDir(this.options.dataDir) }));

    app.get<{ Querystring: { repository?: string } }>('/api/v1/secrets', {
      config: { access: 'admin', errors: ['unavailable'] },
      schema: {
        tags: ['secrets'], summary: 'Names of the secrets in the keyring (never values)',
        querystring: { type: 'object', additionalProperties: false, properties: { repository: name } },
      },
    }, async (request) => {
      const repository = request.query.repository;
      const accounts = await this.credentials.list(repository ? `${repository}/` : undefined);
      return accounts.map((account) => ({ name: account }));
    });

    app.post<{ Body: SetSecretBody }>('/api/v1/secrets', {
      config: { access: 'admin', errors: ['not-found', 'unavailable', 'config'] },
      schema: {
        tags: ['secrets'], summary: 'Store a secret in the keyring by `account`, or by `repository` and `field` (e.g. `password`); the value is never echoed',
        response: success(201, 'The name it is stored under'),
        body: {
          type: 'object', required: ['value'], additionalProperties: false,
          properties: { account: name, repository: name, field: name, value: { type: 'string', minLength: 1 } },
          oneOf: [{ required: ['account'] }, { required: ['repository', 'field'] }],
        },
      },
    }, async (request, reply) => {
      const account = await this.accountOf(request.body);
      await this.credentials.store(account, request.body.value);
      return reply.code(201).send({ name: account });
    });
  }

  private async accountOf(target: SecretTarget): Promise<string> {
    if ('account' in target) {
      if ('repository' in target || 'field' in target) throw new UsageError('body.account: give either account, or repository and field.', [{ field: 'body.account', message: 'give either account, or repository and field' }]);
      return target.account;
    }
    if (!(target.repository in (await this.config.get()).repositories)) {
      throw new NotFoundError(`No repository "${target.repository}" (body.repository).`);
    }
    return repositoryAccount(target.repository, target.field);
  }
}
