import type { Command } from 'commander';
import type { JobStatus } from '@timelocker/plugin-api';
import { JobStore } from '../../node/catalog/job-store.js';
import { NotFoundError, UsageError } from '../../node/core/errors.js';
import type { CliContext } from '../cli-context.js';

const statuses: readonly JobStatus[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted'];

export function registerJobCommands(program: Command, cli: CliContext): void {
  program.command('jobs').description('list jobs, newest first')
    .option('--status <STATUS>', `only jobs in this state (${statuses.join(', ')})`)
    .option('--limit <N>', 'at most N jobs', '20')
    .action(async (flags: { status?: string; limit: string }) => {
      if (flags.status && !statuses.includes(flags.status as JobStatus)) throw new UsageError(`Unknown status "${flags.status}"; use one of ${statuses.join(', ')}.`);
      const limit = Number(flags.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit expects a positive integer, got "${flags.limit}".`);
      await cli.withKernel(async (kernel) => {
        const jobs = await kernel.get<JobStore>(JobStore).list({ limit, ...(flags.status ? { status: flags.status as JobStatus } : {}) });
        cli.output.table(jobs, [
          ['ID', (j) => j.id],
          ['KIND', (j) => j.kind],
          ['STATUS', (j) => j.status],
          ['REPOSITORY', (j) => j.repository],
          ['PLAN', (j) => j.plan ?? ''],
          ['STARTED', (j) => (j.startedAt ?? j.queuedAt).replace('T', ' ').slice(0, 19)],
          ['ERROR', (j) => (j.error ?? '').slice(0, 60)],
        ]);
      });
    });

  program.command('job').description('inspect a job').command('show <id>').description('show one job (id or unique prefix)')
    .option('--log', "also print the job's output (kept with the job, also after it ended)")
    .action(async (id: string, flags: { log?: boolean }) => {
      await cli.withKernel(async (kernel) => {
        const store = kernel.get<JobStore>(JobStore);
        const job = await store.get(id);
        if (!job) throw new NotFoundError(`No job "${id}". List them with \`timelocker jobs\`.`);
        const log = flags.log ? (await store.log(job.id)) ?? [] : undefined;
        if (cli.output.json) cli.output.data(log ? { ...job, log } : job);
        else {
          for (const [key, value] of Object.entries(job)) cli.output.line(`${key.padEnd(11)} ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`);
          if (log) {
            cli.output.line('log:');
            for (const line of log.length ? log : ['(no output recorded)']) cli.output.line(`  ${line}`);
          }
        }
      });
    });
}
