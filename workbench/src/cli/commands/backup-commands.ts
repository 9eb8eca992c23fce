import { formatBytes } from '@timelocker/plugin-api';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { BackupRun } from '../../node/operations/backup-service.js';
import { JobService } from '../../node/jobs/job-service.js';
import { RestoreService } from '../../node/operations/restore-service.js';
import { SnapshotService } from '../../node/operations/snapshot-service.js';
import type { CliContext } from '../cli-context.js';
import { CommandExit } from '../exit-codes.js';
import { createProgressView } from '../progress.js';
import { noWorkbenchOption, runJobRequest } from '../job-request-runner.js';
import type { JobRunListener } from '../workbench-client.js';
import { reportJob } from './job-report.js';
import { reportFollowUps } from './maintenance-commands.js';
import { collect, positiveInteger } from '../option-parsers.js';
import { defineLsCommand, defineSnapshotsCommand } from '../listing-commands.js';
import { type LsFlags, printSnapshots, printTreeEntries, snapshotFilterOf, type SnapshotsFlags } from '../listing-views.js';
import { restoreVersion } from './file-index-commands.js';
import { describeCopies, snapshotsWithCopies } from './copy-commands.js';
import { UsageError } from '../../node/core/errors.js';
import { runScheduledBackup } from './schedule-commands.js';

export function registerBackupCommands(program: Command, cli: CliContext): void {
  program.command('backup <plan>').description('back up a plan now (in the running workbench of this data dir, if there is one)')
    .option('--force', 'run even outside the backup window (overrides the backup-window policy)')
    .option('--scheduled', 'run as a scheduled run (systemd timer, cron): only inside the window, stopped at its end')
    .addOption(noWorkbenchOption())
    .action(async (planName: string, flags: { force?: boolean; scheduled?: boolean; workbench?: boolean }) => {
      const view = createProgressView(!cli.output.json && !flags.scheduled);
      const listener: JobRunListener = {
        onProgress: (progress) => view.update(progress),
        // The job's own output (hooks, unreadable files, follow-ups' decisions) as it happens, on stderr so that --json
        // output stays one document.
        onLog: (line) => cli.output.error(line),
        onStarted: (job, joined) => {
          if (joined) cli.output.error(`Plan "${planName}" is already being backed up (job ${job.id}, ${job.status}); following that run instead of starting a second one.`);
        },
      };
      const scheduled = (): Promise<BackupRun | undefined> => cli.withPluginKernel(async (kernel, token) => {
        const log = kernel.get<JobService>(JobService).onDidAppendLog((entry) => listener.onLog!(entry.line));
        return runScheduledBackup(cli, kernel, planName, token).finally(() => log.dispose());
      });
      const run = await (flags.scheduled ? scheduled() : runJobRequest(cli, { kind: 'backup', plan: planName, ...(flags.force ? { force: true } : {}) }, listener, flags.workbench))
        .finally(() => view.stop());
      if (!run) return;
      const s = run.job.summary;
      reportJob(cli.output, run, s
        ? `Snapshot ${String(s.snapshotId ?? '?')} saved: ${s.filesNew ?? 0} new, ${s.filesChanged ?? 0} changed, ${s.filesUnmodified ?? 0} unmodified files; ${formatBytes(Number(s.dataAdded ?? 0))} added, ${formatBytes(Number(s.totalBytesProcessed ?? 0))} processed in ${Number(s.durationSeconds ?? 0).toFixed(1)} s.`
        : 'Backup done.');
      reportFollowUps(cli.output, run.followUps);
      if (run.unreadable.length > 0) throw new CommandExit('incomplete');
    });

  defineSnapshotsCommand(program)
    .action(async (flags: SnapshotsFlags) => {
      // Served from the catalog when nothing changed: the plugin host starts only if the repository must be resolved.
      // (Most such command lines never get here: catalog-listing.ts serves them without a kernel.)
      await cli.withKernel(async (kernel, token) => {
        const { snapshots: listed, unlisted } = await kernel.get<SnapshotService>(SnapshotService).listAvailable(snapshotFilterOf(flags), token);
        for (const { repository, message } of unlisted) cli.output.error(`warning: repository "${repository}" is not listed: ${message}`);
        if (!flags.copies) {
          printSnapshots(cli.output, listed);
          return;
        }
        printSnapshots(cli.output, await snapshotsWithCopies(kernel, listed, token), [['COPIES', (s) => describeCopies(s.copies)]]);
      });
    });

  defineLsCommand(program)
    .action(async (snapshot: string, dir: string | undefined, flags: LsFlags) => {
      await cli.withKernel(async (kernel, token) => {
        printTreeEntries(cli.output, await kernel.get<SnapshotService>(SnapshotService).ls(flags.repo, snapshot, dir ?? '/', token));
      });
    });

  program.command('restore <snapshot>').description('restore a snapshot (or parts of it) into a folder; with --version N, restore version N of the file <snapshot> names (see `timelocker versions`)')
    .option('--repo <NAME>', 'repository of the snapshot (required unless --version)')
    .requiredOption('--target <DIR>', 'folder to restore into (empty or new)')
    .option('--include <PATH>', 'restore only this path (repeatable)', collect, [])
    .option('--version <N>', 'restore version N (1 = newest) of the file given instead of a snapshot', positiveInteger)
    .option('--verify', "re-read restored files against the snapshot's content hashes")
    .option('--dry-run', 'show what would be restored, write nothing')
    .option('--overwrite', 'allow restoring into a non-empty folder')
    .addOption(noWorkbenchOption())
    .action(async (snapshot: string, flags: { repo?: string; target: string; include: string[]; version?: number; verify?: boolean; dryRun?: boolean; overwrite?: boolean; workbench?: boolean }) => {
      if (flags.version !== undefined) {
        const options = { ...(flags.repo ? { repository: flags.repo } : {}), target: resolve(flags.target), verify: flags.verify ?? false, overwrite: flags.overwrite ?? false };
        await cli.withPluginKernel((kernel, token) => restoreVersion(cli, kernel, resolve(snapshot), flags.version!, options, token));
        return;
      }
      if (!flags.repo) throw new UsageError('restore needs --repo NAME (or --version N with a file path).');
      const request = {
        repository: flags.repo, snapshot, target: resolve(flags.target), include: flags.include,
        verify: flags.verify ?? false, overwrite: flags.overwrite ?? false,
      };
      if (flags.dryRun) {
        const preview = await cli.withPluginKernel((kernel, token) => kernel.get<RestoreService>(RestoreService).preview(request, token));
        if (cli.output.json) cli.output.data(preview);
        else {
          for (const path of preview.paths) cli.output.line(path);
          cli.output.line(`Would restore ${preview.files} file(s), ${formatBytes(preview.bytes)}, from ${preview.snapshotId.slice(0, 8)} into ${request.target}.`);
        }
        return;
      }
      const run = await runJobRequest(cli, { kind: 'restore', ...request }, {}, flags.workbench);
      const verified = run.job.summary?.['verifiedFiles'];
      reportJob(cli.output, run, `Restored snapshot ${String(run.job.summary?.snapshotId ?? snapshot).slice(0, 8)} into ${request.target}${verified !== undefined ? `; verified ${String(verified)} file(s)` : ''}.`);
    });
}
