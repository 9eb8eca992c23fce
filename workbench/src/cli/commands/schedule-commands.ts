import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { CancellationToken } from '@timelocker/plugin-api';
import { ConfigService } from '../../node/config/config-service.js';
import { UsageError } from '../../node/core/errors.js';
import { KernelOptions } from '../../node/core/kernel-options.js';
import type { Kernel } from '../../node/kernel.js';
import type { BackupRun } from '../../node/operations/backup-service.js';
import { scheduledTasks } from '../../node/scheduler/schedule-config.js';
import { ScheduleInstaller } from '../../node/scheduler/schedule-installer.js';
import { type ScheduledTaskKind, taskKey } from '../../node/scheduler/scheduled-task.js';
import type { ScheduledTaskRun } from '../../node/scheduler/scheduled-task-runner.js';
import { type ScheduledTaskInfo, SchedulerService } from '../../node/scheduler/scheduler-service.js';
import { type ScheduledTaskEntry, unitBaseName } from '../../node/scheduler/systemd-units.js';
import type { CliContext } from '../cli-context.js';

function localTime(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

function defaultSystemdDir(): string {
  return join(process.env['XDG_CONFIG_HOME'] || join(homedir(), '.config'), 'systemd', 'user');
}

const notRun: Record<ScheduledTaskKind, (target: string) => string> = {
  backup: (plan) => `Plan ${plan} not backed up`,
  check: (repository) => `Repository ${repository} not checked`,
  prune: (repository) => `Repository ${repository} not pruned`,
};

/** `backup|check|prune NAME --scheduled`: what a timer or crontab line runs; undefined when it did not start (outside the window). */
export async function runScheduledTask(cli: CliContext, kernel: Kernel, kind: ScheduledTaskKind, target: string, token: CancellationToken): Promise<ScheduledTaskRun | undefined> {
  const outcome = await kernel.get<SchedulerService>(SchedulerService).runScheduled(taskKey(kind, target), token);
  if (!outcome.run) cli.output.line(`${notRun[kind](target)}: ${outcome.skipped ?? 'skipped'}.`);
  return outcome.run;
}

export async function runScheduledBackup(cli: CliContext, kernel: Kernel, plan: string, token: CancellationToken): Promise<BackupRun | undefined> {
  return (await runScheduledTask(cli, kernel, 'backup', plan, token))?.backup;
}

async function installer(kernel: Kernel): Promise<{ installer: ScheduleInstaller; tasks: ScheduledTaskEntry[] }> {
  const options = kernel.get<KernelOptions>(KernelOptions);
  const config = await kernel.get<ConfigService>(ConfigService).get();
  const tasks = scheduledTasks(config).map(({ kind, target, schedule }) => ({ kind, target, schedule: schedule! }));
  const invocation = { node: process.execPath, script: resolve(process.argv[1] ?? 'timelocker'), configFile: options.configFile, dataDir: options.dataDir };
  return { installer: new ScheduleInstaller(options.dataDir, invocation), tasks };
}

export function registerScheduleCommands(program: Command, cli: CliContext): void {
  const schedule = program.command('schedule').description('schedules of plan backups and repository checks and prunes: list them, or hand them to systemd timers or cron');

  schedule.command('list').description('scheduled tasks (backup, check, prune) with their next and last runs')
    .action(async () => {
      await cli.withKernel(async (kernel) => {
        const tasks = await kernel.get<SchedulerService>(SchedulerService).listTasks();
        cli.output.table<ScheduledTaskInfo>(tasks, [
          ['TASK', (p) => p.kind],
          ['REPOSITORY', (p) => p.repository ?? ''],
          ['PLAN', (p) => p.plan ?? ''],
          ['SCHEDULE', (p) => p.schedule],
          ['NEXT RUN', (p) => p.problem ?? localTime(p.nextRun)],
          ['LAST RUN', (p) => localTime(p.lastRun)],
          ['LAST STATUS', (p) => p.lastStatus ?? ''],
          ['WINDOW', (p) => p.window ?? ''],
        ]);
      });
    });

  schedule.command('install').description('write a systemd user timer per scheduled task (--systemd), or print crontab lines (--cron)')
    .option('--systemd', 'write timelocker-<task>-<name>.service and .timer units (Persistent=true)')
    .option('--dir <DIR>', 'with --systemd: where to write the units', defaultSystemdDir())
    .option('--cron', 'print crontab lines')
    .option('--install', "with --cron: put the lines into your crontab (replacing this config's earlier lines)")
    .action(async (flags: { systemd?: boolean; cron?: boolean; dir: string; install?: boolean }) => {
      if (Boolean(flags.systemd) === Boolean(flags.cron)) throw new UsageError('Choose one: --systemd or --cron.');
      if (flags.install && !flags.cron) throw new UsageError('--install goes with --cron (--systemd always writes its units).');
      await cli.withKernel(async (kernel) => {
        const { installer: target, tasks } = await installer(kernel);
        if (tasks.length === 0) {
          throw new UsageError('Nothing is scheduled; add a "schedule" (e.g. "@daily") to a plan, or "check": { "schedule": … } / "prune": { "schedule": … } to a repository first.');
        }
        if (flags.systemd) {
          const files = await target.installSystemd(tasks, flags.dir);
          if (cli.output.json) return cli.output.data({ files });
          for (const file of files) cli.output.line(`wrote ${file}`);
          cli.output.line(`Activate with: systemctl --user daemon-reload && systemctl --user enable --now ${tasks.map((t) => `'${unitBaseName(t.kind, t.target)}.timer'`).join(' ')}`);
          return;
        }
        const block = target.crontabText(tasks);
        if (!flags.install) return cli.output.json ? cli.output.data({ crontab: block }) : cli.output.line(block);
        await target.installCrontab(tasks);
        cli.output.line(`Installed ${tasks.length} line(s) into your crontab.`);
      });
    });

  schedule.command('uninstall').description('remove exactly what `schedule install` installed')
    .action(async () => {
      await cli.withKernel(async (kernel) => {
        const removed = await (await installer(kernel)).installer.uninstall();
        if (cli.output.json) return cli.output.data(removed);
        for (const file of removed.files) cli.output.line(`removed ${file}`);
        if (removed.crontab) cli.output.line('removed the lines from your crontab');
        if (removed.files.length === 0 && !removed.crontab) cli.output.line('Nothing was installed.');
      });
    });

  program.command('scheduler').description('the scheduler process')
    .command('run').description('run scheduled backups, checks and prunes in the foreground until Ctrl-C or SIGTERM')
    .action(async () => {
      await cli.withDaemonKernel(async (kernel, token) => {
        const scheduler = kernel.get<SchedulerService>(SchedulerService);
        await scheduler.startScheduling();
        const tasks = await scheduler.listTasks();
        const plans = tasks.filter((t) => t.kind === 'backup').length;
        cli.output.line(`Scheduler running with ${plans} scheduled plan(s) and ${tasks.length - plans} scheduled repository check(s)/prune(s); stop with Ctrl-C or SIGTERM.`);
        let stop = (): void => undefined;
        const stopping = new Promise<void>((done) => (stop = done));
        // `on`, not `once`, and kept until the runs have stopped: signal-exit (execa, proper-lockfile) re-raises
        // SIGTERM when it counts no other listener, which happens while restic runs and the catalog is locked; a
        // listener still in place absorbs the re-raised signal instead of letting it kill the process mid-stop.
        process.on('SIGTERM', stop);
        token.onCancellationRequested(stop);
        try {
          await stopping;
          await scheduler.stopScheduling();
        } finally {
          process.removeListener('SIGTERM', stop);
        }
        cli.output.line('Scheduler stopped.');
      });
    });
}
