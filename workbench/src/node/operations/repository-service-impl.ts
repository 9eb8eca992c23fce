import { unlink } from 'node:fs/promises';
import type { CancellationToken, ConnectionTestResult, JsonObject, JsonValue, RepositoryDto, SnapshotDto } from '@timelocker/plugin-api';
import { inject, injectable } from 'inversify';
import { SnapshotCache } from '../catalog/snapshot-cache.js';
import type { RepositoryConfig } from '../config/config-model.js';
import { toRepositoryDto } from '../config/config-dtos.js';
import { ConfigService } from '../config/config-service.js';
import { ConflictError, UsageError } from '../core/errors.js';
import { LogService } from '../core/log-service.js';
import { CredentialsService, repositoryAccount } from '../credentials/credentials-service.js';
import { assertPrivateSecretFile, createSecretFile } from '../credentials/secret-file.js';
import { type JobHandle, JobService } from '../jobs/job-service.js';
import { BackendRegistry } from '../plugins/backend-registry.js';
import { displayLocation } from '../plugins/backend-display-location.js';
import { ContributionAvailability } from '../plugins/contribution-availability.js';
import { ContributionRegistry } from '../plugins/contribution-registry.js';
import { copyTarget } from '../restic/copy-target.js';
import { ResticEngine, type ResticTarget } from '../restic/restic-engine.js';
import { describeResticFailure, ResticError } from '../restic/restic-errors.js';
import { ResticRunner } from '../restic/restic-runner.js';
import { type AddRepositoryRequest, InitConfirmationRequired, type InitOptions, RepositoryAlreadyInitialized, type RepositoryService, type SecretInput } from './repository-service.js';
import { SnapshotService } from './snapshot-service.js';
import { TargetResolver } from './target-resolver.js';
import { backendSettings } from './target-resolver-impl.js';

const repositoryName = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** restic's answers to `cat config`: opened, failed (before 0.17, every failure), no repository, wrong password. */
const PROBE_EXIT_CODES = [0, 1, 10, 12];

/** [keyring account, config key, input] for the password and every backend secret of a new repository. */
function secretFields(request: AddRepositoryRequest): Array<[account: string, key: string, input: SecretInput]> {
  return [
    [repositoryAccount(request.name, 'password'), 'password', request.password],
    ...Object.entries(request.secrets ?? {}).map(([field, input]): [string, string, SecretInput] =>
      [repositoryAccount(request.name, `${request.backend}.${field}`), field, input]),
  ];
}

@injectable()
export class RepositoryServiceImpl implements RepositoryService {
  constructor(
    @inject(ConfigService) private readonly config: ConfigService,
    @inject(CredentialsService) private readonly credentials: CredentialsService,
    @inject(BackendRegistry) private readonly backends: BackendRegistry,
    @inject(ContributionAvailability) private readonly availability: ContributionAvailability,
    @inject(ContributionRegistry) private readonly contributions: ContributionRegistry,
    @inject(TargetResolver) private readonly targets: TargetResolver,
    @inject(ResticEngine) private readonly restic: ResticEngine,
    @inject(JobService) private readonly jobs: JobService,
    @inject(SnapshotService) private readonly snapshots: SnapshotService,
    @inject(SnapshotCache) private readonly snapshotCache: SnapshotCache,
    @inject(LogService) private readonly log: LogService,
    @inject(ResticRunner) private readonly runner: ResticRunner,
  ) {}

  async list(): Promise<RepositoryDto[]> {
    const config = await this.config.get();
    return Object.entries(config.repositories).map(([name, repository]) => this.withLocation(toRepositoryDto(name, repository)));
  }

  /** Where the repository lives, as its backend declares it (`displayLocation`), without activating the plugin. */
  private withLocation(repository: RepositoryDto): RepositoryDto {
    const template = this.contributions.find('backends', repository.backend)?.entry.displayLocation;
    const location = template === undefined ? undefined : displayLocation(template, repository.config);
    return location === undefined ? repository : { ...repository, location };
  }

  async add(request: AddRepositoryRequest, token: CancellationToken): Promise<RepositoryDto> {
    await this.checkNewRepository(request, token);
    const entry: Record<string, JsonValue> = { backend: request.backend, ...request.settings };
    const placed: SecretInput[] = [];
    try {
      for (const [account, key, input] of secretFields(request)) {
        entry[key] = await this.placeSecret(account, input);
        placed.push(input);
      }
      await this.config.modify(['repositories', request.name], entry);
    } catch (error) {
      await this.removePlacedSecrets(request, (input) => placed.includes(input));
      throw error;
    }
    return this.withLocation(toRepositoryDto(request.name, entry as unknown as RepositoryConfig));
  }

  /** Stores or checks one secret and answers the config value that points at it (never the secret itself). */
  private async placeSecret(account: string, input: SecretInput): Promise<JsonObject> {
    if ('source' in input) {
      if ('file' in input.source) await assertPrivateSecretFile(input.source.file);
      return input.source as unknown as JsonObject;
    }
    if (input.file !== undefined) {
      await createSecretFile(input.file, input.value);
      return { file: input.file };
    }
    await this.credentials.store(account, input.value);
    return { keyring: true };
  }

  /** Takes back the keyring entries and files that `add` created for `request` (never a file the user gave). */
  private async removePlacedSecrets(request: AddRepositoryRequest, placed: (input: SecretInput) => boolean): Promise<void> {
    for (const [account, , input] of secretFields(request)) {
      if ('source' in input || !placed(input)) continue;
      if (input.file !== undefined) await unlink(input.file).catch(() => undefined);
      else await this.credentials.delete(account).catch(() => false);
    }
  }

  async init(name: string, options: InitOptions, token: CancellationToken): Promise<JobHandle> {
    // An unknown name is refused before a job is recorded for it.
    await this.targets.repositoryConfig(name);
    if (options.like !== undefined) await this.targets.repositoryConfig(options.like);
    const existing = await this.targets.resolve(name, { operation: 'init' }, token);
    const location = this.log.mask(existing.location.repository);
    if (await this.opens(existing, token)) throw new RepositoryAlreadyInitialized(name, location, (await this.restic.snapshotIds(existing, token)).length);
    const known = await this.snapshotCache.known(name);
    if (known && options.confirmPath !== location) throw new InitConfirmationRequired(name, location, known);
    const params = { ...(known ? { confirmedPath: options.confirmPath } : {}), ...(options.like !== undefined ? { like: options.like } : {}) };
    return this.jobs.start({ kind: 'init', repository: name, ...(Object.keys(params).length > 0 ? { params } : {}) }, async (context) => {
      const target = await this.targets.resolve(name, { operation: 'init' }, context.token);
      if (options.like === undefined) {
        await this.restic.init(target, context.token);
      } else {
        const from = await this.targets.resolve(options.like, { operation: 'init' }, context.token);
        this.log.addSecret(from.password);
        await this.runner.run(copyTarget(from, target), ['init', '--copy-chunker-params'], { collectStdout: true }, context.token);
      }
      await this.snapshotCache.replace(name, []);
      return options.like === undefined ? {} : { summary: { like: options.like } };
    }, token);
  }

  /**
   * Whether a repository is there already (restic opens its config). Not opening is the common case (a new
   * repository), so no exit code here is a logged failure; any other trouble is left to the init, which reports it.
   * A wrong password proves a repository is there too, and is the better answer than restic's "already exists".
   */
  private async opens(target: ResticTarget, token: CancellationToken): Promise<boolean> {
    const result = await this.runner.run(target, ['cat', 'config'], { collectStdout: true }, token, PROBE_EXIT_CODES);
    if (result.exitCode === 0) return true;
    if (result.exitCode === 12 || /wrong password or no key found/i.test(result.stderr)) {
      throw new ResticError('wrong-password', describeResticFailure('wrong-password', target.name, ''), result.exitCode, this.log.mask(result.stderr));
    }
    return false;
  }

  async adopt(request: AddRepositoryRequest, token: CancellationToken): Promise<SnapshotDto[]> {
    await this.add(request, token);
    try {
      const target = await this.targets.resolve(request.name, { operation: 'test' }, token);
      await this.restic.probe(target, token);
      return await this.snapshots.list({ repository: request.name }, token);
    } catch (error) {
      await this.undoAdd(request).catch(() => undefined);
      throw error;
    }
  }

  async remove(name: string, options: { readonly deleteSecrets: boolean }): Promise<{ readonly deletedSecrets: readonly string[] }> {
    await this.targets.repositoryConfig(name);
    const config = await this.config.get();
    const users = Object.entries(config.plans).filter(([, plan]) => plan.repository === name).map(([planName]) => planName);
    if (users.length > 0) throw new ConflictError(`Repository "${name}" is used by plan(s) ${users.join(', ')}: remove them first (\`timelocker plan remove NAME\`).`);
    await this.config.modify(['repositories', name], undefined);
    await this.snapshotCache.clear(name);
    const deletedSecrets: string[] = [];
    if (options.deleteSecrets) {
      for (const account of await this.credentials.list(`${name}/`)) {
        if (await this.credentials.delete(account)) deletedSecrets.push(account);
      }
    }
    return { deletedSecrets };
  }

  async test(name: string, token: CancellationToken): Promise<ConnectionTestResult> {
    const inputs = await this.targets.backendInputs(name, token);
    const result = await this.backends.testConnection(inputs.backend, inputs.settings, inputs.secrets, token);
    // Plugins do not know the repository's name; their hints say <name>.
    return result.hint ? { ...result, hint: result.hint.replaceAll('<name>', name) } : result;
  }

  async rename(from: string, to: string): Promise<{ readonly movedSecrets: readonly string[] }> {
    const config = await this.config.get();
    const entry = await this.targets.repositoryConfig(from);
    if (!repositoryName.test(to)) throw new UsageError(`Invalid repository name "${to}": use letters, digits, '.', '_' and '-', starting with a letter or digit.`);
    if (Object.hasOwn(config.repositories, to)) throw new ConflictError(`Repository "${to}" already exists.`);
    // Secrets first: if the keyring refuses, the config still names the old entry and nothing is half-moved.
    const movedSecrets: string[] = [];
    // A repository whose secrets all come from env vars, files or commands needs no keyring (there may be none).
    const inKeyring = entry.password === undefined || Object.values(entry).some((value) => typeof value === 'object' && value !== null && 'keyring' in value);
    for (const account of inKeyring ? await this.credentials.list(`${from}/`) : []) {
      const value = await this.credentials.get(account);
      if (value === undefined) continue;
      const target = `${to}/${account.slice(from.length + 1)}`;
      await this.credentials.store(target, value);
      movedSecrets.push(target);
    }
    // Each step leaves a valid config: the new entry exists before anything points at it.
    await this.config.modify(['repositories', to], entry as unknown as JsonObject);
    for (const [plan, settings] of Object.entries(config.plans)) {
      if (settings.repository === from) await this.config.modify(['plans', plan, 'repository'], to);
    }
    for (const [index, policy] of (config.policies ?? []).entries()) {
      if (policy.repositories?.includes(from)) await this.config.modify(['policies', index, 'repositories'], policy.repositories.map((r) => (r === from ? to : r)));
    }
    await this.config.modify(['repositories', from], undefined);
    for (const account of movedSecrets) await this.credentials.delete(`${from}/${account.slice(to.length + 1)}`);
    await this.snapshotCache.clear(from);
    return { movedSecrets };
  }

  async entry(name: string): Promise<JsonObject> {
    return (await this.targets.repositoryConfig(name)) as unknown as JsonObject;
  }

  async update(name: string, entry: JsonObject, token: CancellationToken): Promise<RepositoryDto> {
    const current = await this.targets.repositoryConfig(name);
    if (entry['backend'] !== current.backend) {
      throw new UsageError(`Repository "${name}" uses the ${current.backend} backend; to move it elsewhere, add a new repository (and copy the snapshots) instead.`);
    }
    const secretFields = this.availability.require('backends', current.backend).entry.secrets ?? [];
    const settings = backendSettings(entry as unknown as RepositoryConfig, secretFields);
    const problems = (await this.backends.validate(current.backend, settings, token)).filter((i) => i.severity !== 'warning');
    if (problems.length > 0) throw new UsageError(problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
    const saved = await this.config.modify(['repositories', name], entry);
    await this.snapshotCache.clear(name);
    return this.withLocation(toRepositoryDto(name, saved.repositories[name]!));
  }

  /** Takes back exactly what `add` wrote: the config entry and the secrets it stored. */
  private async undoAdd(request: AddRepositoryRequest): Promise<void> {
    await this.config.modify(['repositories', request.name], undefined);
    await this.snapshotCache.clear(request.name);
    await this.removePlacedSecrets(request, () => true);
  }

  private async checkNewRepository(request: AddRepositoryRequest, token: CancellationToken): Promise<void> {
    if (!repositoryName.test(request.name)) {
      throw new UsageError(`Invalid repository name "${request.name}": use letters, digits, '.', '_' and '-', starting with a letter or digit.`);
    }
    const config = await this.config.get();
    if (Object.hasOwn(config.repositories, request.name)) throw new ConflictError(`Repository "${request.name}" already exists.`);
    this.availability.require('backends', request.backend);
    const problems = (await this.backends.validate(request.backend, request.settings, token)).filter((i) => i.severity !== 'warning');
    if (problems.length > 0) throw new UsageError(problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  }
}
