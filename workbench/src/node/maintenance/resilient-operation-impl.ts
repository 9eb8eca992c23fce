import type { CancellationToken } from '@timelocker/plugin-api';
import { inject, injectable } from 'inversify';
import { ConfigService } from '../config/config-service.js';
import { type Logger, LogService } from '../core/log-service.js';
import type { ResticTarget } from '../restic/restic-engine.js';
import { ResticError, resticFatalLine } from '../restic/restic-errors.js';
import { describeLockHolder, parseLockHolder } from '../restic/restic-lock-holder.js';
import { ResticMaintenance } from '../restic/restic-maintenance.js';
import type { AttemptRecord, ResilientOperation, ResilientResult } from '../restic/resilient-operation.js';
import { cancellableDelay } from './cancellable-delay.js';
import { lockSettingsOf, retryBudgetMs, retryFor } from './maintenance-config.js';
import { RetryPolicy } from './retry-policy.js';

/** Reads `retry` and `locks` from the maintenance settings; bound to restic's ResilientOperation port. */
@injectable()
export class ResilientOperationImpl implements ResilientOperation {
  private readonly logger: Logger;

  constructor(
    @inject(ConfigService) private readonly config: ConfigService,
    @inject(ResticMaintenance) private readonly restic: ResticMaintenance,
    @inject(RetryPolicy) private readonly retryPolicy: RetryPolicy,
    @inject(LogService) logService: LogService,
  ) {
    this.logger = logService.getLogger('maintenance');
  }

  async run<T>(target: ResticTarget, plan: string | undefined, attempt: () => Promise<T>, token: CancellationToken): Promise<ResilientResult<T>> {
    const config = await this.config.get();
    const retry = retryFor(config, plan);
    const locks = lockSettingsOf(config);
    const attempts: AttemptRecord[] = [];
    let lockDeadline: number | undefined;
    let waitedMs = 0;
    for (;;) {
      const startedAt = new Date().toISOString();
      try {
        const value = await attempt();
        attempts.push({ startedAt, outcome: 'succeeded' });
        return { value, attempts };
      } catch (error) {
        if (!(error instanceof ResticError) || token.isCancellationRequested || error.reason === 'cancelled') throw error;
        attempts.push({ startedAt, outcome: error.reason, error: error.message });
        if (error.reason === 'locked') {
          const firstLock = lockDeadline === undefined;
          lockDeadline ??= Date.now() + locks.waitMs;
          await this.clearStaleLocks(target, token);
          if (firstLock) continue;
          const holder = parseLockHolder(error.stderr);
          const who = holder ? describeLockHolder(holder) : resticFatalLine(error.stderr);
          if (Date.now() + locks.pollMs > lockDeadline) {
            throw new ResticError('locked', `Repository "${target.name}" is locked by another process: ${who}. Gave up waiting after ${Math.round(locks.waitMs / 1000)} s (setting locks.wait).`, error.exitCode, error.stderr);
          }
          this.logger.warn(`${target.name}: repository locked by another process (${who}); waiting, trying again in ${Math.round(locks.pollMs / 1000)} s`);
          await cancellableDelay(locks.pollMs, token);
          continue;
        }
        const failures = attempts.filter((a) => a.outcome !== 'locked' && a.outcome !== 'succeeded').length;
        const delay = this.retryPolicy.delayMs(failures, retry);
        if (!this.retryPolicy.isRetryable(error) || failures >= retry.attempts || waitedMs + delay > retryBudgetMs) {
          throw failures > 1 ? new ResticError(error.reason, `${error.message} (gave up after ${failures} attempts)`, error.exitCode, error.stderr) : error;
        }
        waitedMs += delay;
        this.logger.warn(`${target.name}: attempt ${failures} of ${retry.attempts} failed (${error.reason}: ${resticFatalLine(error.stderr)}); retrying in ${(delay / 1000).toFixed(1)} s`);
        await cancellableDelay(delay, token);
      }
    }
  }

  private async clearStaleLocks(target: ResticTarget, token: CancellationToken): Promise<void> {
    try {
      await this.restic.unlock(target, token);
      this.logger.info(`${target.name}: ran restic unlock (removes stale locks only)`);
    } catch (error) {
      this.logger.warn(`${target.name}: restic unlock failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
