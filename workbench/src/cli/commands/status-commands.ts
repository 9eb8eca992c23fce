import { formatBytes } from '@timelocker/plugin-api';
import type { Command } from 'commander';
import type { BreakerStatus } from '../../node/breaker/circuit-breaker-service.js';
import { failedRuns } from '../../node/breaker/breaker-state.js';
import type { PlanStatus } from '../../node/status/plan-status.js';
import { type PlanStatusWithCopies, WorkbenchStatusService } from '../../node/status/workbench-status-service.js';
import { StorageSampler } from '../../node/metrics/storage-sampler.js';
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
  program.command('status').description('per plan: last success, last failure, next run, success rate and repository size trend; circuit breakers that hold back scheduled runs (--json: the same object as GET /api/v1/status)')
    .action(async () => {
      await cli.withKernel(async (kernel) => {
        const status = await kernel.get<WorkbenchStatusService>(WorkbenchStatusService).status();
        if (cli.output.json) {
          cli.output.data(status);
          return;
        }
        const withCopies = status.planStatuses.some((s) => s.copies);
        cli.output.table(status.planStatuses, [
          ['PLAN', (s) => s.plan],
          ['REPOSITORY', (s) => s.repository],
          ['LAST SUCCESS', (s) => when(s.lastSuccess)],
          ['LAST FAILURE', (s) => (s.lastFailure ? `${when(s.lastFailure.time)} ${s.lastFailure.error.slice(0, 40)}` : '-')],
          ['NEXT RUN', (s) => (/^\d{4}-/.test(s.nextRun) ? when(s.nextRun) : s.nextRun)],
          ['SUCCESS', (s) => (s.successRate === null ? '-' : `${Math.round(s.successRate * 100)} % of ${s.runs}`)],
          ['AVG TIME', (s) => (s.averageDurationSeconds === null ? '-' : `${s.averageDurationSeconds.toFixed(1)} s`)],
          ['REPOSITORY SIZE', trend],
          ...(withCopies ? [['COPIES', (s: PlanStatusWithCopies) => describePlanCopies(s.copies)] as const] : []),
        ]);
        for (const entry of status.inactiveEntries) cli.output.error(`warning: ${entry.message}`);
        if (status.auditProblem) cli.output.error(`warning: audit log damaged since ${when(status.auditProblem.since)}: ${status.auditProblem.problem}. Backups keep running; \`timelocker audit verify\` says more, and this stays until it finds the log intact.`);
        for (const breaker of status.breakers) cli.output.line(describeBreaker(breaker));
      });
    });

  program.command('stats <repo>').description("sample the repository's size and deduplication now (restic stats), outside any backup; a running workbench samples at most once per metrics.sampleInterval")
    .action(async (repository: string) => {
      await cli.withPluginKernel(async (kernel, token) => {
        const sample = await kernel.get<StorageSampler>(StorageSampler).sampleNow(repository, token);
        if (cli.output.json) {
          cli.output.data(sample);
          return;
        }
        const dedup = sample.restoreSize === null ? '' : `; a restore of every snapshot would write ${formatBytes(sample.restoreSize)}${sample.dedupRatio === null ? '' : ` (deduplication ${sample.dedupRatio}×)`}`;
        cli.output.line(`${repository}: ${formatBytes(sample.rawSize)} stored, ${sample.snapshotCount} snapshot(s)${dedup}; sampled ${when(sample.time)}.`);
      });
    });
}
