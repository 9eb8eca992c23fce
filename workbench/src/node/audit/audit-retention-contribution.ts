import { inject, injectable } from 'inversify';
import type { KernelContribution } from '../../common/kernel-contribution.js';
import { KernelOptions } from '../core/kernel-options.js';
import type { AuditConfig } from './audit-schema.js';
import { AuditServiceImpl } from './audit-service-impl.js';
import { readRawConfig } from './config-diff.js';

/** Applies `audit.retentionDays` once per kernel start. */
@injectable()
export class AuditRetentionContribution implements KernelContribution {
  readonly id = 'audit-retention';

  constructor(
    @inject(AuditServiceImpl) private readonly audit: AuditServiceImpl,
    @inject(KernelOptions) private readonly options: KernelOptions,
  ) {}

  async onStart(): Promise<void> {
    const section = (await readRawConfig(this.options.configFile))['audit'] as AuditConfig | undefined;
    const days = section?.retentionDays;
    if (typeof days === 'number' && Number.isInteger(days) && days >= 1) await this.audit.rotate(days);
  }
}
