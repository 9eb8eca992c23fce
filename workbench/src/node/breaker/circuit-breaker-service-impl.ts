import { EventEmitter } from '@timelocker/plugin-api';
import { inject, injectable } from 'inversify';
import { ConfigService } from '../config/config-service.js';
import { LogService, type Logger } from '../core/log-service.js';
import { afterFailure, afterSuccess, failedRuns, type BreakerRecord, type BreakerSettings, breakerSettingsOf, breakerState, type BreakerStep } from './breaker-state.js';
import { BreakerStore } from './breaker-store.js';
import type { BreakerChangeEvent, BreakerStatus, CircuitBreakerService } from './circuit-breaker-service.js';

function statusOf(record: BreakerRecord, settings: BreakerSettings, now: Date): BreakerStatus {
  const { coolDownMs, ...rest } = record;
  return { ...rest, state: breakerState(record, now), threshold: settings.failures, ...(coolDownMs !== undefined && { coolDownSeconds: coolDownMs / 1000 }) };
}

@injectable()
export class CircuitBreakerServiceImpl implements CircuitBreakerService {
  private readonly logger: Logger;
  private readonly changed = new EventEmitter<BreakerChangeEvent>();
  readonly onDidChangeBreaker = this.changed.event;

  constructor(
    @inject(BreakerStore) private readonly store: BreakerStore,
    @inject(ConfigService) private readonly config: ConfigService,
    @inject(LogService) logService: LogService,
  ) {
    this.logger = logService.getLogger('breaker');
  }

  async pauseReason(repository: string, now = new Date()): Promise<string | undefined> {
    const settings = await this.settings();
    if (!settings.enabled) return undefined;
    const record = await this.store.get(repository);
    if (breakerState(record, now) !== 'open') return undefined;
    return `the circuit breaker of repository ${repository} is open after ${failedRuns(record!.failures)} in a row `
      + `(last: ${record!.lastError ?? 'unknown error'}); scheduled runs pause until ${record!.retryAt}. A manual run still goes through, and a success closes the breaker`;
  }

  async recordScheduledFailure(repository: string, error: string, now = new Date()): Promise<void> {
    const settings = await this.settings();
    if (!settings.enabled) return;
    await this.apply(repository, (record) => afterFailure(record, repository, error, settings, now), settings, now);
  }

  async recordSuccess(repository: string): Promise<void> {
    await this.apply(repository, afterSuccess, await this.settings(), new Date());
  }

  async list(now = new Date()): Promise<BreakerStatus[]> {
    const settings = await this.settings();
    return (await this.store.all()).filter((r) => r.failures > 0 || r.openedAt).map((r) => statusOf(r, settings, now));
  }

  private async apply(repository: string, step: (record: BreakerRecord | undefined) => BreakerStep | undefined, settings: BreakerSettings, now: Date): Promise<void> {
    const done = await this.store.update(repository, step);
    if (!done?.change) return;
    const status = statusOf(done.record, settings, now);
    if (done.change === 'opened') this.logger.warn(`circuit breaker of repository ${repository} opened after ${failedRuns(status.failures)} in a row: scheduled runs pause until ${status.retryAt}`);
    else this.logger.info(`circuit breaker of repository ${repository} closed: a run succeeded`);
    this.changed.fire({ change: done.change, status });
  }

  private async settings(): Promise<BreakerSettings> {
    return breakerSettingsOf(await this.config.get());
  }
}
