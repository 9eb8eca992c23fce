import type { Disposable } from '@timelocker/plugin-api';
import { inject, injectable } from 'inversify';
import type { KernelContribution } from '../../common/kernel-contribution.js';
import { ConfigService } from '../config/config-service.js';
import { KernelOptions } from '../core/kernel-options.js';
import { LogService, type Logger } from '../core/log-service.js';
import type { AuditConfig } from './audit-schema.js';
import { AuditServiceImpl } from './audit-service-impl.js';
import { readRawConfig } from './config-diff.js';

function retentionDaysOf(config: Record<string, unknown>): number | undefined {
  const days = (config['audit'] as AuditConfig | undefined)?.retentionDays;
  return typeof days === 'number' && Number.isInteger(days) && days >= 1 ? days : undefined;
}

/**
 * Applies `audit.retentionDays` at kernel start (read raw: no schema compile for it) and again whenever the config
 * changes it, so a long-lived server follows an edit without a restart.
 */
@injectable()
export class AuditRetentionContribution implements KernelContribution {
  readonly id = 'audit-retention';
  private readonly logger: Logger;
  private applied: number | undefined;
  private subscription: Disposable | undefined;
  private applying: Promise<void> = Promise.resolve();

  constructor(
    @inject(AuditServiceImpl) private readonly audit: AuditServiceImpl,
    @inject(KernelOptions) private readonly options: KernelOptions,
    @inject(ConfigService) private readonly config: ConfigService,
    @inject(LogService) logService: LogService,
  ) {
    this.logger = logService.getLogger('audit');
  }

  async onStart(): Promise<void> {
    await this.apply(retentionDaysOf(await readRawConfig(this.options.configFile)));
    this.subscription = this.config.onDidChangeConfig((change) => {
      const days = retentionDaysOf(change.config);
      if (days === this.applied) return;
      this.applying = this.applying.then(() => this.apply(days))
        .catch((error: unknown) => this.logger.error(`could not apply audit.retentionDays = ${days}: ${(error as Error).message}`));
    });
  }

  async onStop(): Promise<void> {
    this.subscription?.dispose();
    await this.applying;
  }

  private async apply(days: number | undefined): Promise<void> {
    this.applied = days;
    if (days !== undefined) await this.audit.rotate(days);
  }
}
