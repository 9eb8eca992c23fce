import type { CancellationToken, JsonObject, SecretValues, ValidationIssue } from '@timelocker/plugin-api';
import type { SecretFieldContribution } from '@timelocker/plugin-api/manifest';
import { inject, injectable, optional } from 'inversify';
import type { LimitsConfig, RepositoryConfig, SecretSource } from '../config/config-model.js';
import { ConfigService } from '../config/config-service.js';
import { typedEntrySecrets, typedEntrySettings } from '../config/typed-entry-settings.js';
import { CredentialsError, CredentialsService, PASSWORD_ENV, repositoryAccount } from '../credentials/credentials-service.js';
import { NotFoundError, TimeLockerError } from '../core/errors.js';
import { BackendRegistry } from '../plugins/backend-registry.js';
import { PluginCallError, ProviderUnavailableError } from '../plugins/plugin-errors.js';
import { ContributionRegistry } from '../plugins/contribution-registry.js';
import type { ResticTarget } from '../restic/restic-engine.js';
import { PasswordPrompt } from './password-prompt.js';
import type { BackendInputs, Purpose, TargetResolver } from './target-resolver.js';
import { PolicyService } from '../policies/policy-service.js';
import { repositoryKernelProperties } from './repository-schema.js';

@injectable()
export class TargetResolverImpl implements TargetResolver {
  constructor(
    @inject(ConfigService) private readonly config: ConfigService,
    @inject(CredentialsService) private readonly credentials: CredentialsService,
    @inject(BackendRegistry) private readonly backends: BackendRegistry,
    @inject(ContributionRegistry) private readonly contributions: ContributionRegistry,
    @inject(PolicyService) private readonly policies: PolicyService,
    @inject(PasswordPrompt) @optional() private readonly prompt: PasswordPrompt | undefined,
  ) {}

  async repositoryConfig(name: string): Promise<RepositoryConfig> {
    const config = await this.config.get();
    // Own keys only: a name like `valueOf` is not a repository.
    const repository = Object.hasOwn(config.repositories, name) ? config.repositories[name] : undefined;
    if (!repository) {
      const known = Object.keys(config.repositories);
      throw new NotFoundError(`Unknown repository "${name}". ${known.length ? `Configured: ${known.join(', ')}.` : 'None is configured yet: add one with `timelocker repo add`.'}`);
    }
    return repository;
  }

  async resolve(name: string, purpose: Purpose, token: CancellationToken): Promise<ResticTarget> {
    const repository = await this.repositoryConfig(name);
    const findings = await this.policies.enforce({ ...purpose, repository: name }, token);
    const { settings, secretFields } = this.settingsOf(repository);
    const secrets = await this.secretsOf(name, repository, secretFields);
    // Validated and resolved in one round trip to the backend's plugin.
    const { issues, location } = await this.backends.resolve(repository.backend, settings, secrets, token).catch(inactive(name));
    if (!location) throw misconfigured(name, issues);
    const warnings = [...(location.warnings ?? []), ...findings.map((f) => `policy ${f.rule}: ${f.message}`)];
    const limits = await this.limitsFor(purpose.plan);
    return { name, location: { ...location, warnings }, password: await this.password(name, repository.password), ...(limits ? { limits } : {}) };
  }

  /** Global limits, overridden key by key by the plan's own. */
  private async limitsFor(plan: string | undefined): Promise<LimitsConfig | undefined> {
    const config = await this.config.get();
    const planLimits = plan !== undefined ? (config.plans[plan]?.['limits'] as LimitsConfig | undefined) : undefined;
    return config.limits || planLimits ? { ...config.limits, ...planLimits } : undefined;
  }

  async backendInputs(name: string, token: CancellationToken): Promise<BackendInputs> {
    const repository = await this.repositoryConfig(name);
    const { settings, secretFields } = this.settingsOf(repository);
    const issues = await this.backends.validate(repository.backend, settings, token).catch(inactive(name));
    if (issues.some(blocks)) throw misconfigured(name, issues);
    return { backend: repository.backend, settings, secrets: await this.secretsOf(name, repository, secretFields) };
  }

  private settingsOf(repository: RepositoryConfig): { readonly settings: JsonObject; readonly secretFields: readonly SecretFieldContribution[] } {
    const secretFields = this.contributions.find('backends', repository.backend)?.entry.secrets ?? [];
    return { settings: backendSettings(repository, secretFields), secretFields };
  }

  private secretsOf(name: string, repository: RepositoryConfig, secretFields: readonly SecretFieldContribution[]): Promise<SecretValues> {
    return typedEntrySecrets(repository, secretFields,
      (field, source) => this.credentials.resolve(repositoryAccount(name, `${repository.backend}.${field}`), source));
  }

  private async password(name: string, source: SecretSource | undefined): Promise<string> {
    try {
      return await this.credentials.resolve(repositoryAccount(name, 'password'), source);
    } catch (error) {
      const fromKeyring = source === undefined || 'keyring' in source;
      if (!(error instanceof CredentialsError) || !fromKeyring) throw error;
      const fallback = process.env[PASSWORD_ENV] ?? (await this.prompt?.ask(`Password for repository "${name}": `));
      if (fallback) return fallback;
      throw new CredentialsError(`${error.message} For a one-off command you can also set ${PASSWORD_ENV}.`);
    }
  }
}

/** An issue that is not a mere warning stops the operation. */
const blocks = (issue: ValidationIssue): boolean => issue.severity !== 'warning';

function misconfigured(name: string, issues: readonly ValidationIssue[]): TimeLockerError {
  return new TimeLockerError('config', `Repository "${name}" is misconfigured: ${issues.filter(blocks).map((p) => `${p.path}: ${p.message}`).join('; ')}`);
}

/**
 * An inactive plugin in the same words as `config validate` and `status`: which entry, and which plugin is why.
 * A backend's own error names the repository where it says <name>: plugins do not know repository names.
 */
function inactive(name: string): (error: unknown) => never {
  return (error) => {
    if (error instanceof ProviderUnavailableError) throw new ProviderUnavailableError(`repository "${name}" is inactive: ${error.message}`, error.pluginId, error.state);
    if (error instanceof PluginCallError && error.message.includes('<name>')) throw new PluginCallError(error.message.replaceAll('<name>', name), error.pluginId, error.kind);
    throw error;
  };
}

/** What the backend gets of a repository entry: its own keys, without the secret fields (passed as secrets). */
export function backendSettings(repository: RepositoryConfig, secretFields: readonly SecretFieldContribution[]): JsonObject {
  return typedEntrySettings(repository, Object.keys(repositoryKernelProperties), secretFields);
}
