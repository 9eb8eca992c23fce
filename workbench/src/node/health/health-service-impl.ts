import { inject, injectable, named } from 'inversify';
import { ContributionProvider } from '../../common/contribution-provider.js';
import { LogService, type Logger } from '../core/log-service.js';
import type { HealthService, Readiness } from './health-service.js';
import { ReadinessCheck } from './readiness-check.js';

/** A probe must answer even when a part hangs (a catalog lock held by a stuck process): such a part is not ready. */
const CHECK_TIMEOUT_MS = 5_000;

@injectable()
export class HealthServiceImpl implements HealthService {
  private readonly logger: Logger;

  constructor(
    @inject(ContributionProvider) @named(ReadinessCheck) private readonly checks: ContributionProvider<ReadinessCheck>,
    @inject(LogService) logService: LogService,
  ) {
    this.logger = logService.getLogger('health');
  }

  async readiness(): Promise<Readiness> {
    const results = await Promise.all(this.checks.getContributions().map(async (check) => ({ name: check.name, ready: await this.run(check) })));
    const failing = results.filter((r) => !r.ready).map((r) => r.name);
    return { ready: failing.length === 0, failing };
  }

  private async run(check: ReadinessCheck): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), CHECK_TIMEOUT_MS)));
    try {
      return await Promise.race([check.isReady(), timeout]);
    } catch (error) {
      // The probe answers only "down" and the part's name; why goes to the log.
      this.logger.warn(`readiness of ${check.name}: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    } finally {
      clearTimeout(timer);
    }
  }
}
