import { CancellationTokenSource, type CancellationToken, type ValidationIssue } from '@timelocker/plugin-api';
import { inject, injectable } from 'inversify';
import { parse } from 'jsonc-parser';
import type { ConfigIssue, RepositoryConfig, TimeLockerConfig } from '../config/config-model.js';
import { ConfigService } from '../config/config-service.js';
import { textLocator } from '../config/jsonc-locations.js';
import { withTimeLimit } from '@timelocker/plugin-api/protocol';
import { notifierKernelKeys, type NotifierConfig } from '../notifications/notifications-schema.js';
import { typedEntrySettings } from '../config/typed-entry-settings.js';
import { backendSettings } from '../operations/target-resolver-impl.js';
import { BackendRegistry } from '../plugins/backend-registry.js';
import { ContributionAvailability, contributionNoun } from '../plugins/contribution-availability.js';
import { NotifierRegistry } from '../plugins/notifier-registry.js';
import { contributionReferences, type ContributionReference } from './contribution-references.js';
import type { InactiveEntry, PluginRequirementsService } from './plugin-requirements-service.js';

type Locate = (jsonPath: readonly string[]) => Pick<ConfigIssue, 'line' | 'column'>;

/** How long one backend's or notifier's `validate` may take in `config validate`. */
export const VALIDATE_TIMEOUT_MS = 10_000;

const pointer = (path: readonly string[]): string => `/${path.join('/')}`;

@injectable()
export class PluginRequirementsServiceImpl implements PluginRequirementsService {
  constructor(
    @inject(ConfigService) private readonly config: ConfigService,
    @inject(ContributionAvailability) private readonly availability: ContributionAvailability,
    @inject(BackendRegistry) private readonly backends: BackendRegistry,
    @inject(NotifierRegistry) private readonly notifiers: NotifierRegistry,
  ) {}

  inactiveEntries(config: TimeLockerConfig): InactiveEntry[] {
    return contributionReferences(config).flatMap((reference): InactiveEntry[] => {
      const found = this.availability.check(reference.point, reference.id);
      if (found.available) return [];
      return [{
        jsonPath: pointer(reference.jsonPath), entry: reference.entry, point: reference.point, id: found.id, state: found.state,
        ...(found.pluginId ? { pluginId: found.pluginId } : {}),
        message: `${reference.entry} is inactive: ${contributionNoun[reference.point]} "${found.id}" is unavailable: ${found.reason}`,
      }];
    });
  }

  async validate(text: string, file: string, token: CancellationToken): Promise<ConfigIssue[]> {
    const issues = await this.config.validate(text, file);
    if (issues.some((i) => i.severity !== 'warning')) return issues;
    return [...issues, ...(await this.pluginIssues(text, file, token))];
  }

  async pluginIssues(text: string, file: string, token: CancellationToken): Promise<ConfigIssue[]> {
    const value = parse(text) as Partial<TimeLockerConfig> | undefined;
    const config = { ...value, repositories: value?.repositories ?? {}, plans: value?.plans ?? {} } as TimeLockerConfig;
    const own = await this.check(config, textLocator(text), token);
    return own.map((issue) => ({ ...issue, file }));
  }

  private async check(config: TimeLockerConfig, locate: Locate, token: CancellationToken): Promise<ConfigIssue[]> {
    const inactive = this.inactiveEntries(config);
    const warnings = inactive.map((entry): ConfigIssue => ({
      file: '', jsonPath: entry.jsonPath, message: entry.message, severity: 'warning', ...locate(entry.jsonPath.split('/').slice(1)),
    }));
    const skipped = new Set(inactive.map((e) => e.jsonPath));
    const checks = contributionReferences(config)
      .filter((r) => (r.point === 'backends' || r.point === 'notifiers') && !skipped.has(pointer(r.jsonPath)))
      .map((r) => this.validateEntry(r, locate, token));
    return [...warnings, ...(await Promise.all(checks)).flat()];
  }

  /** The plugin's own checks of one entry; a plugin that fails or hangs yields a warning, never a verdict. */
  private async validateEntry(reference: ContributionReference, locate: Locate, token: CancellationToken): Promise<ConfigIssue[]> {
    const noun = contributionNoun[reference.point];
    const source = new CancellationTokenSource(token);
    try {
      const work = this.validateWithPlugin(reference, source.token);
      const issues = await withTimeLimit(work, VALIDATE_TIMEOUT_MS, `the ${noun} "${reference.id}" did not finish validate within ${VALIDATE_TIMEOUT_MS / 1000} s`);
      return issues.map((issue) => {
        const inner = issue.path.split('/').filter(Boolean);
        const path = [...reference.jsonPath, ...inner];
        return { file: '', jsonPath: pointer(path), message: `${noun} "${reference.id}": ${issue.message}`, severity: issue.severity ?? 'error', ...locate(path) };
      });
    } catch (error) {
      return [{
        file: '', jsonPath: pointer(reference.jsonPath), severity: 'warning', ...locate(reference.jsonPath),
        message: `${reference.entry} could not be checked by its ${noun}: ${(error as Error).message}`,
      }];
    } finally {
      source.cancel();
      source.dispose();
    }
  }

  private validateWithPlugin(reference: ContributionReference, token: CancellationToken): Promise<ValidationIssue[]> {
    const found = this.availability.check(reference.point as 'backends' | 'notifiers', reference.id);
    const secretFields = found.available ? found.contributed.entry.secrets ?? [] : [];
    return reference.point === 'backends'
      ? this.backends.validate(reference.id, backendSettings(reference.value as RepositoryConfig, secretFields), token)
      : this.notifiers.validate(reference.id, typedEntrySettings(reference.value as NotifierConfig, notifierKernelKeys, secretFields), token);
  }
}
