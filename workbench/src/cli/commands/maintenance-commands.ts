import type { Command } from 'commander';
import type { JobDto } from '@timelocker/plugin-api';
import { errorKindOf, UsageError } from '../../node/core/errors.js';
import { InterruptedJobsRecovery } from '../../node/maintenance/interrupted-jobs-recovery.js';
import { RetentionService } from '../../node/maintenance/retention-service.js';
import type { CliContext } from '../cli-context.js';
import { CommandExit } from '../exit-codes.js';
import type { Output } from '../output.js';
import { reportJob } from './job-report.js';
import { noWorkbenchOption, runJobRequest } from '../job-request-runner.js';
import { workbenchRunning } from '../workbench-client.js';
import { runScheduledTask } from './schedule-commands.js';

const SCHEDULED_HELP = 'run as a scheduled run (systemd timer, cron): only inside the window (repository or global), stopped at its end';

/**
 * Prints the jobs a backup triggered (copy, forget, prune, check); a failed one makes the command fail — except a
 * copy, which never fails the backup (it is reported here and notified as copy.failed).
 */
export function reportFollowUps(output: Output, followUps: ReadonlyArray<{ readonly job: JobDto; readonly cause?: unknown }> | undefined): void {
  let failure: unknown;
  let failed = false;
  for (const { job, cause } of followUps ?? []) {
    const what = job.kind === 'copy' ? `copy to ${job.repository}` : job.kind;
    if (job.status === 'succeeded') {
      if (!output.json) output.line(`${what} after backup: succeeded (job ${job.id})`);
    } else {
      output.error(`${what} after backup ${job.status}: ${job.error ?? 'no details'} (job ${job.id})`);
      if (job.kind === 'copy') continue;
      failed = true;
      failure ??= cause;
    }
  }
  if (failed) throw new CommandExit(failure !== undefined ? errorKindOf(failure) : 'operation-failed');
}

export function registerMaintenanceCommands(program: Command, cli: CliContext): void {
  program.command('forget <plan>').description("apply the plan's retention policy (restic forget); --dry-run shows what would be kept and removed, and why")
    .option('--dry-run', 'change nothing, only show restic\'s decisions')
    .addOption(noWorkbenchOption())
    .action(async (planName: string, flags: { dryRun?: boolean; workbench?: boolean }) => {
      const run = flags.dryRun
        ? await cli.withPluginKernel((kernel, token) => kernel.get<RetentionService>(RetentionService).preview(planName, {}, token))
        : await runJobRequest(cli, { kind: 'forget', plan: planName }, {}, flags.workbench);
      if (run.dryRun || run.job?.status === 'succeeded') {
        if (cli.output.json && run.dryRun) cli.output.data({ plan: run.plan, repository: run.repository, rules: run.rules, source: run.source, dryRun: true, decisions: run.decisions });
        else if (!cli.output.json) {
          cli.output.table(run.decisions, [
            ['ID', (d) => d.shortId],
            ['TIME', (d) => d.time.replace('T', ' ').slice(0, 19)],
            ['ACTION', (d) => d.action],
            ['REASONS', (d) => d.reasons.join(', ')],
          ]);
        }
      }
      if (run.job) {
        const removed = run.decisions.filter((d) => d.action === 'remove').length;
        reportJob(cli.output, { job: run.job, ...(run.cause !== undefined ? { cause: run.cause } : {}) }, `Kept ${run.decisions.length - removed}, removed ${removed} snapshot(s) of plan "${planName}" (${run.source}); run \`timelocker prune ${run.repository}\` to free the space.`);
      } else if (!cli.output.json) {
        const removed = run.decisions.filter((d) => d.action === 'remove').length;
        cli.output.line(`Dry run (${run.source}): would keep ${run.decisions.length - removed}, remove ${removed} snapshot(s).`);
      }
    });

  program.command('prune <repo>').description('remove data no snapshot references any more (restic prune; exclusive, can be slow)')
    .option('--scheduled', SCHEDULED_HELP)
    .addOption(noWorkbenchOption())
    .action(async (repository: string, flags: { scheduled?: boolean; workbench?: boolean }) => {
      const run = flags.scheduled
        ? await cli.withPluginKernel((kernel, token) => runScheduledTask(cli, kernel, 'prune', repository, token))
        : await runJobRequest(cli, { kind: 'prune', repository }, {}, flags.workbench);
      if (!run) return;
      reportJob(cli.output, run, `Pruned repository "${repository}"${run.job.summary?.['removedSize'] ? `: ${String(run.job.summary['removedSize'])} removed` : ''}.`);
    });

  program.command('check <repo>').description('check the repository\'s integrity (restic check; exclusive)')
    .option('--read-data-subset <SUBSET>', 'also read this part of the data, e.g. 5%, 1/10 or 500M')
    .option('--scheduled', `${SCHEDULED_HELP}; reads the repository's check.readDataSubset`)
    .addOption(noWorkbenchOption())
    .action(async (repository: string, flags: { readDataSubset?: string; scheduled?: boolean; workbench?: boolean }) => {
      if (flags.scheduled && flags.readDataSubset) throw new UsageError('--scheduled reads the subset from the repository\'s "check": { "readDataSubset": … }; drop --read-data-subset.');
      const run = flags.scheduled
        ? await cli.withPluginKernel((kernel, token) => runScheduledTask(cli, kernel, 'check', repository, token))
        : await runJobRequest(cli, { kind: 'check', repository, ...(flags.readDataSubset ? { readDataSubset: flags.readDataSubset } : {}) }, {}, flags.workbench);
      if (!run) return;
      const subset = run.job.summary?.['readDataSubset'];
      reportJob(cli.output, run, `Repository "${repository}" has no errors${subset ? ` (read data subset ${String(subset)})` : ''}.`);
    });

  program.command('unlock <repo>').description('remove stale locks (restic unlock never removes the lock of a live process)')
    .addOption(noWorkbenchOption())
    .action(async (repository: string, flags: { workbench?: boolean }) => {
      const run = await runJobRequest(cli, { kind: 'unlock', repository }, {}, flags.workbench);
      reportJob(cli.output, run, `Stale locks of repository "${repository}" removed.`);
    });

  program.command('resume').description('after a crash: clear the stale locks of interrupted jobs and re-run plans with resumeInterrupted')
    .action(async () => {
      // Not handed over: a sweep that may start no job or several has no one job to follow, and taking the
      // interruptions from the catalog in one write keeps it safe beside the workbench (which swept at its start).
      if (await workbenchRunning(cli.locations, (text) => cli.output.error(text))) {
        cli.output.error('note: `resume` runs in this process although a workbench is running: it sweeps all interrupted jobs rather than starting one job to hand over (the workbench swept them itself when it started).');
      }
      await cli.withPluginKernel(async (kernel, token) => {
        const report = await kernel.get<InterruptedJobsRecovery>(InterruptedJobsRecovery).recover(token);
        if (cli.output.json) {
          cli.output.data(report);
        } else {
          cli.output.line(`${report.interrupted.length} interrupted job(s); unlocked ${report.unlocks.length} repository(ies); re-ran ${report.resumed.length} plan(s).`);
          for (const job of report.resumed) cli.output.line(`  ${job.plan ?? ''}: ${job.status}${job.error ? ` — ${job.error}` : ''} (job ${job.id})`);
        }
        if ([...report.unlocks, ...report.resumed].some((j) => j.status !== 'succeeded')) throw new CommandExit('operation-failed');
      });
    });
}
