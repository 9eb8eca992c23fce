import { inject, injectable } from 'inversify';
import type { KernelContribution } from '../../common/kernel-contribution.js';
import { readRawConfig } from '../audit/config-diff.js';
import type { TimeLockerConfig } from '../config/config-model.js';
import { ConfigService } from '../config/config-service.js';
import { KernelOptions } from '../core/kernel-options.js';
import { logFormats, type LogFormat, LogService } from '../core/log-service.js';
import type { LoggingConfig } from './logging-schema.js';

function formatOf(config: Record<string, unknown> | TimeLockerConfig): LogFormat {
  const format = (config['logging'] as LoggingConfig | undefined)?.format;
  return format !== undefined && logFormats.includes(format) ? format : 'text';
}

/** Applies `logging.format` from the start (read raw: no schema compile for it) and after every config change. */
@injectable()
export class LoggingConfigContribution implements KernelContribution {
  readonly id = 'logging';

  constructor(
    @inject(KernelOptions) private readonly options: KernelOptions,
    @inject(ConfigService) private readonly config: ConfigService,
    @inject(LogService) private readonly logs: LogService,
  ) {}

  async initialize(): Promise<void> {
    this.logs.setFormat(formatOf(await readRawConfig(this.options.configFile)));
    this.config.onDidChangeConfig((change) => this.logs.setFormat(formatOf(change.config)));
  }
}
