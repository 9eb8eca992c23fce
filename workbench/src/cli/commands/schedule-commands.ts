import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { CancellationToken } from '@timelocker/plugin-api';
import { ConfigService } from '../../node/config/config-service.js';
import { UsageError } from '../../node/core/errors.js';
import { KernelOptions } from '../../node/core/kernel-options.js';
import type { Kernel } from '../../node/kernel.js';
import type { BackupRun } from '../../node/operations/backup-service.js';
import { scheduleOf, scheduledPlans } from '../../node/scheduler/schedule-config.js';
import { ScheduleInstaller, type ScheduledPlanEntry } from '../../node/scheduler/schedule-installer.js';
import { type ScheduledPlanInfo, SchedulerService } from '../../node/scheduler/scheduler-service.js';
import { unitBaseName } from '../../node/scheduler/systemd-units.js';
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

/** `backup PLAN --scheduled`: what a timer or crontab line runs; undefined when it did not start (outside the window). */
export async function runScheduledBackup(cli: CliContext, kernel: Kernel, plan: string, token: CancellationToken): Promise<BackupRun | undefined> {
  const outcome = await kernel.get<SchedulerService>(SchedulerService).runScheduled(plan, token);
  if (!outcome.run) cli.output.line(`Plan ${plan} not backed up: ${outcome.skipped ?? 'skipped'}.`);
  return outcome.run;
}

async function installer(kernel: Kernel): Promise<{ installer: ScheduleInstaller; plans: ScheduledPlanEntry[] }> {
  const options = kernel.get<KernelOptions>(KernelOptions);
  const config = await kernel.get<ConfigService>(ConfigService).get();
  const plans = scheduledPlans(config).map((plan) => ({ plan, schedule: scheduleOf(config, plan)! }));
  const invocation = { node: process.execPath, script: resolve(process.argv[1] ?? 'timelocker'), configFile: options.configFile, dataDir: options.dataDir };
  return { installer: new ScheduleInstaller(options.dataDir, invocation), plans };
}

export function registerScheduleCommands(program: Command, cli: CliContext): void {
  const schedule = program.command('schedule').description('plan schedules: list them, or hand them to systemd timers or cron');

  schedule.command('list').description('scheduled plans with their next and last runs')
    .action(async () => {
      await cli.withKernel(async (kernel) => {
        const plans = await kernel.get<SchedulerService>(SchedulerService).list();
        cli.output.table<ScheduledPlanInfo>(plans, [
          ['PLAN', (p) => p.plan],
          ['SCHEDULE', (p) => p.schedule],
          ['NEXT RUN', (p) => p.problem ?? localTime(p.nextRun)],
          ['LAST RUN', (p) => localTime(p.lastRun)],
          ['LAST STATUS', (p) => p.lastStatus ?? ''],
          ['WINDOW', (p) => p.window ?? ''],
        ]);
      });
    });

  schedule.command('install').description('write a systemd user timer per scheduled plan (--systemd), or print crontab lines (--cron)')
    .option('--systemd', 'write <plan>.service and .timer units (Persistent=true)')
    .option('--dir <DIR>', 'with --systemd: where to write the units', defaultSystemdDir())
    .option('--cron', 'print crontab lines')
    .option('--install', "with --cron: put the lines into your crontab (replacing this config's earlier lines)")
    .action(async (flags: { systemd?: boolean; cron?: boolean; dir: string; install?: boolean }) => {
      if (Boolean(flags.systemd) === Boolean(flags.cron)) throw new UsageError('Choose one: --systemd or --cron.');
      if (flags.install && !flags.cron) throw new UsageError('--install goes with --cron (--systemd always writes its units).');
      await cli.withKernel(async (kernel) => {
        const { installer: target, plans } = await installer(kernel);
        if (plans.length === 0) throw new UsageError('No plan has a "schedule"; add one, e.g. "schedule": "@daily", to a plan first.');
        if (flags.systemd) {
          const files = await target.installSystemd(plans, flags.dir);
          if (cli.output.json) return cli.output.data({ files });
          for (const file of files) cli.output.line(`wrote ${file}`);
          cli.output.line(`Activate with: systemctl --user daemon-reload && systemctl --user enable --now ${plans.map((p) => `'${unitBaseName(p.plan)}.timer'`).join(' ')}`);
          return;
        }
        const block = target.crontabText(plans);
        if (!flags.install) return cli.output.json ? cli.output.data({ crontab: block }) : cli.output.line(block);
        await target.installCrontab(plans);
        cli.output.line(`Installed ${plans.length} line(s) into your crontab.`);
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
    .command('run').description('run scheduled backups in the foreground until Ctrl-C or SIGTERM')
    .action(async () => {
      await cli.withPluginKernel(async (kernel, token) => {
        const scheduler = kernel.get<SchedulerService>(SchedulerService);
        await scheduler.startScheduling();
        cli.output.line(`Scheduler running with ${(await scheduler.list()).length} scheduled plan(s); stop with Ctrl-C or SIGTERM.`);
        let onTerm: (() => void) | undefined;
        await new Promise<void>((done) => {
          onTerm = done;
          process.once('SIGTERM', onTerm);
          token.onCancellationRequested(() => done());
        });
        if (onTerm) process.removeListener('SIGTERM', onTerm);
        await scheduler.stopScheduling();
        cli.output.line('Scheduler stopped.');
      });
    });
}
