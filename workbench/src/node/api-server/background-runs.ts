import type { JobDto } from '@timelocker/plugin-api';
import { inject, injectable } from 'inversify';
import { LogService, type Logger } from '../core/log-service.js';
import type { JobHandle } from '../jobs/job-service.js';

/**
 * Jobs the server started for API clients run on after the request was answered (202 with the job): nobody awaits
 * their outcome but the server's stop, which waits for them — follow-up jobs of a backup included.
 */
@injectable()
export class BackgroundRuns {
  private readonly pending = new Set<Promise<unknown>>();
  private readonly logger: Logger;

  constructor(@inject(LogService) logService: LogService) {
    this.logger = logService.getLogger('api');
  }

  /** Keeps the outcome until it settles and answers with the job, marked when the request joined a running one. */
  track(handle: JobHandle<unknown>): JobDto & { readonly joined: boolean } {
    const outcome = handle.done
      .catch((error: unknown) => this.logger.warn(`job ${handle.job.id} ended with an error: ${(error as Error).message}`))
      .finally(() => this.pending.delete(outcome));
    this.pending.add(outcome);
    return { ...handle.job, joined: handle.joined };
  }

  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}
