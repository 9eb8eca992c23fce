import type { Command } from 'commander';
import { AuditHealth } from '../../node/audit/audit-health.js';
import { MetricsService } from '../../node/metrics/metrics-service.js';
import { type PlanStatus, planStatuses } from '../../node/metrics/plan-status.js';
import { PlanService } from '../../node/operations/plan-service.js';
import { SchedulerService } from '../../node/scheduler/scheduler-service.js';
import type { CliContext } from '../cli-context.js';
import { formatBytes } from '../output.js';

const when = (iso: string | null): string => (iso ? iso.replace('T', ' ').slice(0, 16) : '-');

function trend(status: PlanStatus): string {
  const size = status.repositorySize;
  if (!size) return 'no sample yet';
  const sign = size.change > 0 ? '+' : size.change < 0 ? '-' : '±';
  const days = Math.max(0, Math.round((Date.parse(size.sampledAt) - Date.parse(size.since)) / 86_400_000));
  return `${formatBytes(size.current)} (${sign}${formatBytes(Math.abs(size.change))} in ${days} d, ${size.snapshots} snapshots)`;
}

export function registerStatusCommands(program: Command, cli: CliContext): void {
  program.command('status').description('per plan: last success, last failure, next run, success rate and repository size trend')
    .action(async () => {
      await cli.withKernel(async (kernel) => {
        const metrics = kernel.get<MetricsService>(MetricsService);
        const scheduler = kernel.container.isBound(SchedulerService) ? kernel.get<SchedulerService>(SchedulerService) : undefined;
        const scheduled = (await scheduler?.list()) ?? [];
        const nextRuns = new Map(scheduled.map((s) => [s.plan, s.nextRun ?? (s.problem ? `invalid schedule: ${s.problem}` : 'no further run')]));
        const statuses = planStatuses(await kernel.get<PlanService>(PlanService).list(), await metrics.planHealth(), await metrics.storageSamples(), nextRuns);
        cli.output.table(statuses, [
          ['PLAN', (s) => s.plan],
          ['REPOSITORY', (s) => s.repository],
          ['LAST SUCCESS', (s) => when(s.lastSuccess)],
          ['LAST FAILURE', (s) => (s.lastFailure ? `${when(s.lastFailure.time)} ${s.lastFailure.error.slice(0, 40)}` : '-')],
          ['NEXT RUN', (s) => (/^\d{4}-/.test(s.nextRun) ? when(s.nextRun) : s.nextRun)],
          ['SUCCESS', (s) => (s.successRate === null ? '-' : `${Math.round(s.successRate * 100)} % of ${s.runs}`)],
          ['AVG TIME', (s) => (s.averageDurationSeconds === null ? '-' : `${s.averageDurationSeconds.toFixed(1)} s`)],
          ['REPOSITORY SIZE', trend],
        ]);
        const audit = await kernel.container.get(AuditHealth).current();
        if (audit) cli.output.error(`warning: audit log damaged since ${when(audit.since)}: ${audit.problem}. Backups keep running; \`timelocker audit verify\` says more, and this stays until it finds the log intact.`);
      });
    });
}
