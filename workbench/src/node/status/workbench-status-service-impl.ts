import type { JobDto } from '@timelocker/plugin-api';
import { inject, injectable, optional } from 'inversify';
import { AuditHealth } from '../audit/audit-health.js';
import { CircuitBreakerService } from '../breaker/circuit-breaker-service.js';
import { JobStore } from '../catalog/job-store.js';
import { ConfigService } from '../config/config-service.js';
import { CopyService } from '../copies/copy-service.js';
import { SharedRead } from '../core/shared-read.js';
import { JobService } from '../jobs/job-service.js';
import { PlanStatusReader } from './plan-status-reader.js';
import { PluginRequirementsService } from '../plugin-requirements/plugin-requirements-service.js';
import { PluginService } from '../plugins/plugin-service.js';
import type { PlanStatusWithCopies, WorkbenchStatus, WorkbenchStatusService } from './workbench-status-service.js';

const version = '0.1.0';
/** Status is polled by every client: live jobs are read from the catalog at most this often (or after a job changes here). */
const liveJobsTtlMs = 1_000;
/** Copy states read the whole job history (when a plan copies at all): shared as long as plan statuses are. */
const copiesTtlMs = 5_000;

@injectable()
export class WorkbenchStatusServiceImpl implements WorkbenchStatusService {
  private readonly liveJobs = new SharedRead(() => this.readLiveJobs(), liveJobsTtlMs);
  private readonly planCopies = new SharedRead(() => this.copies.planStatus(), copiesTtlMs);

  constructor(
    @inject(ConfigService) private readonly config: ConfigService,
    @inject(JobStore) private readonly jobs: JobStore,
    @inject(PluginService) private readonly plugins: PluginService,
    @inject(PluginRequirementsService) private readonly requirements: PluginRequirementsService,
    @inject(PlanStatusReader) private readonly planStatus: PlanStatusReader,
    @inject(CopyService) private readonly copies: CopyService,
    @inject(JobService) jobService: JobService,
    @inject(AuditHealth) @optional() private readonly auditHealth: AuditHealth | undefined,
    @inject(CircuitBreakerService) @optional() private readonly breakers: CircuitBreakerService | undefined,
  ) {
    jobService.onDidChangeJob(() => this.liveJobs.invalidate());
    jobService.onDidFinishJob(() => this.planCopies.invalidate());
    config.onDidChangeConfig(() => this.planCopies.invalidate());
  }

  async status(): Promise<WorkbenchStatus> {
    const [config, running, planStatuses, breakers, auditProblem] = await Promise.all([
      this.config.get(), this.liveJobs.read(), this.planStatuses(), this.breakers?.list() ?? [], this.auditHealth?.current(),
    ]);
    const plugins = this.plugins.listPlugins();
    return {
      version,
      running,
      repositories: Object.keys(config.repositories).length,
      plans: Object.keys(config.plans).length,
      plugins: { total: plugins.length, failed: plugins.filter((p) => p.state === 'failed' || p.state === 'rejected').length },
      planStatuses,
      breakers,
      inactiveEntries: this.requirements.inactiveEntries(config),
      auditProblem: auditProblem ?? null,
    };
  }

  private async planStatuses(): Promise<PlanStatusWithCopies[]> {
    const [statuses, copies] = await Promise.all([this.planStatus.read(), this.planCopies.read()]);
    const copiesByPlan = new Map(copies.map((c) => [c.plan, c]));
    return statuses.map((s) => {
      const planCopies = copiesByPlan.get(s.plan);
      return planCopies ? { ...s, copies: planCopies } : s;
    });
  }

  /** Running and queued jobs of every process (the CLI's too). */
  private async readLiveJobs(): Promise<JobDto[]> {
    const [running, queued] = await Promise.all([this.jobs.list({ status: 'running' }), this.jobs.list({ status: 'queued' })]);
    return [...running, ...queued];
  }
}
