import { formatBytes } from '@timelocker/plugin-api';
import type { Command } from 'commander';
import { AuditHealth } from '../../node/audit/audit-health.js';
import { CopyService, type PlanCopyStatus } from '../../node/copies/copy-service.js';
import { type BreakerStatus, CircuitBreakerService } from '../../node/breaker/circuit-breaker-service.js';
import { failedRuns } from '../../node/breaker/breaker-state.js';
import type { PlanStatus } from '../../node/metrics/plan-status.js';
import { PlanStatusReader } from '../../node/metrics/plan-status-reader.js';
import { ConfigService } from '../../node/config/config-service.js';
import { PluginRequirementsService } from '../../node/plugin-requirements/plugin-requirements-service.js';
import type { CliContext } from '../cli-context.js';
import { describePlanCopies } from './copy-commands.js';

const when = (iso: string | null): string => (iso ? iso.replace('T', ' ').slice(0, 16) : '-');

function trend(status: PlanStatus): string {
  const size = status.repositorySize;
  if (!size) return 'no sample yet';
  const sign = size.change > 0 ? '+' : size.change < 0 ? '-' : '±';
  const days = Math.max(0, Math.round((Date.parse(size.sampledAt) - Date.parse(size.since)) / 86_400_000));
  return `${formatBytes(size.current)} (${sign}${formatBytes(Math.abs(size.change))} in ${days} d, ${size.snapshots} snapshots)`;
}

function describeBreaker(b: BreakerStatus): string {
  const last = b.lastError ? ` (last: ${b.lastError.split('\n')[0]!})` : '';
  switch (b.state) {
    case 'open': return `Repository ${b.repository}: circuit breaker OPEN after ${failedRuns(b.failures)} in a row${last}; scheduled runs pause until ${when(b.retryAt ?? null)}, manual runs go through.`;
    case 'half-open': return `Repository ${b.repository}: circuit breaker HALF-OPEN after ${failedRuns(b.failures)}${last}; the next scheduled run is the trial.`;
    case 'closed': return `Repository ${b.repository}: ${b.failures} of ${b.threshold} failed scheduled runs in a row before its circuit breaker opens${last}.`;
  }
}

export function registerStatusCommands(program: Command, cli: CliContext): void {
  program.command('status').description('per plan: last success, last failure, next run, success rate and repository size trend; circuit breakers that hold back scheduled runs')
    .action(async () => {
      await cli.withKernel(async (kernel) => {
        const copies = new Map((await kernel.get<CopyService>(CopyService).planStatus()).map((c) => [c.plan, c]));
        const statuses = (await kernel.container.get(PlanStatusReader).read())
          .map((s) => ({ ...s, ...(copies.has(s.plan) ? { copies: copies.get(s.plan)! } : {}) }));
        cli.output.table(statuses, [
          ['PLAN', (s) => s.plan],
          ['REPOSITORY', (s) => s.repository],
          ['LAST SUCCESS', (s) => when(s.lastSuccess)],
          ['LAST FAILURE', (s) => (s.lastFailure ? `${when(s.lastFailure.time)} ${s.lastFailure.error.slice(0, 40)}` : '-')],
          ['NEXT RUN', (s) => (/^\d{4}-/.test(s.nextRun) ? when(s.nextRun) : s.nextRun)],
          ['SUCCESS', (s) => (s.successRate === null ? '-' : `${Math.round(s.successRate * 100)} % of ${s.runs}`)],
          ['AVG TIME', (s) => (s.averageDurationSeconds === null ? '-' : `${s.averageDurationSeconds.toFixed(1)} s`)],
          ['REPOSITORY SIZE', trend],
          ...(copies.size > 0 ? [['COPIES', (s: { copies?: PlanCopyStatus }) => describePlanCopies(s.copies)] as const] : []),
        ]);
        const config = await kernel.get<ConfigService>(ConfigService).get();
        for (const entry of kernel.get<PluginRequirementsService>(PluginRequirementsService).inactiveEntries(config)) cli.output.error(`warning: ${entry.message}`);
        const audit = await kernel.container.get(AuditHealth).current();
        if (audit) cli.output.error(`warning: audit log damaged since ${when(audit.since)}: ${audit.problem}. Backups keep running; \`timelocker audit verify\` says more, and this stays until it finds the log intact.`);
        if (cli.output.json) return;
        for (const breaker of await kernel.get<CircuitBreakerService>(CircuitBreakerService).list()) cli.output.line(describeBreaker(breaker));
      });
    });
}
