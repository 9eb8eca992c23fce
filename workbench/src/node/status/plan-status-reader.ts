import { inject, injectable, optional } from 'inversify';
import { CircuitBreakerService } from '../breaker/circuit-breaker-service.js';
import { ConfigService } from '../config/config-service.js';
import { SharedRead } from '../core/shared-read.js';
import { JobService } from '../jobs/job-service.js';
import { MetricsService } from '../metrics/metrics-service.js';
import { type PlanStatus, planStatuses } from './plan-status.js';
import { PlanService } from '../operations/plan-service.js';
import { SchedulerService } from '../scheduler/scheduler-service.js';

/** Plan health reads the whole job history: concurrent status polls share one read for this long. */
const ttlMs = 5_000;

/** Per plan what `timelocker status --json` shows: last success and failure, next run, size trend, breaker. */
@injectable()
export class PlanStatusReader {
  private readonly statuses = new SharedRead(() => this.compute(), ttlMs);

  constructor(
    @inject(MetricsService) private readonly metrics: MetricsService,
    @inject(PlanService) private readonly plans: PlanService,
    @inject(SchedulerService) @optional() private readonly scheduler: SchedulerService | undefined,
    @inject(CircuitBreakerService) @optional() private readonly breakers: CircuitBreakerService | undefined,
    @inject(JobService) jobs: JobService,
    @inject(ConfigService) config: ConfigService,
  ) {
    jobs.onDidFinishJob(() => this.statuses.invalidate());
    config.onDidChangeConfig(() => this.statuses.invalidate());
  }

  read(): Promise<PlanStatus[]> {
    return this.statuses.read();
  }

  private async compute(): Promise<PlanStatus[]> {
    const [plans, health, samples, scheduled, breakers] = await Promise.all([
      this.plans.list(), this.metrics.planHealth(), this.metrics.storageSamples(), this.scheduler?.list() ?? Promise.resolve([]),
      this.breakers?.list() ?? Promise.resolve([]),
    ]);
    const nextRuns = new Map(scheduled.map((s) => [s.plan, s.nextRun ?? (s.problem ? `invalid schedule: ${s.problem}` : 'no further run')]));
    return planStatuses(plans, health, samples, nextRuns, breakers);
  }
}
