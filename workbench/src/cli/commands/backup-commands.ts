import { formatBytes } from '@timelocker/plugin-api';
import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import type { SnapshotDto } from '@timelocker/plugin-api';
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
import { collect } from '../option-parsers.js';
import { restoreVersion } from './file-index-commands.js';
import { describeCopies, snapshotsWithCopies } from './copy-commands.js';
import type { SnapshotCopy } from '../../node/copies/copy-service.js';
import { UsageError } from '../../node/core/errors.js';
import { runScheduledBackup } from './schedule-commands.js';

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a positive integer, got "${value}"`);
  return n;
}

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

  program.command('snapshots').description('list snapshots')
    .option('--repo <NAME>', 'only this repository')
    .option('--plan <NAME>', "only this plan's snapshots")
    .option('--tag <TAG>', 'only snapshots with this tag')
    .option('--path <PATH>', 'only snapshots containing this path')
    .option('--latest <N>', 'only the N newest per repository', positiveInteger)
    .option('--copies', 'also show where copies of each snapshot exist (restic copy) and when they were verified')
    .option('--refresh', "list with restic even when the repository holds no snapshot the catalog's cache does not know")
    .action(async (flags: { repo?: string; plan?: string; tag?: string; path?: string; latest?: number; copies?: boolean; refresh?: boolean }) => {
      // Served from the catalog when nothing changed: the plugin host starts only if the repository must be resolved.
      await cli.withKernel(async (kernel, token) => {
        const listed = await kernel.get<SnapshotService>(SnapshotService).list({
          ...(flags.repo ? { repository: flags.repo } : {}), ...(flags.plan ? { plan: flags.plan } : {}),
          ...(flags.tag ? { tag: flags.tag } : {}), ...(flags.path ? { path: resolve(flags.path) } : {}),
          ...(flags.latest ? { latest: flags.latest } : {}), ...(flags.refresh ? { refresh: true } : {}),
        }, token);
        const snapshots = flags.copies ? await snapshotsWithCopies(kernel, listed, token) : listed;
        cli.output.table<SnapshotDto & { copies?: SnapshotCopy[] }>(snapshots, [
          ['ID', (s) => s.shortId],
          ['REPOSITORY', (s) => s.repository],
          ['TIME', (s) => s.time.replace('T', ' ').slice(0, 19)],
          ['HOST', (s) => s.hostname],
          ['TAGS', (s) => s.tags.join(',')],
          ['PATHS', (s) => s.paths.join(', ')],
          ...(flags.copies ? [['COPIES', (s: { copies?: SnapshotCopy[] }) => describeCopies(s.copies)] as const] : []),
        ]);
      });
    });

  program.command('ls <snapshot> [dir]').description('list one directory level of a snapshot')
    .requiredOption('--repo <NAME>', 'repository of the snapshot')
    .action(async (snapshot: string, dir: string | undefined, flags: { repo: string }) => {
      await cli.withKernel(async (kernel, token) => {
        const entries = await kernel.get<SnapshotService>(SnapshotService).ls(flags.repo, snapshot, dir ?? '/', token);
        cli.output.table(entries, [
          ['TYPE', (e) => e.type],
          ['SIZE', (e) => (e.type === 'file' ? String(e.size ?? 0) : '')],
          ['MODIFIED', (e) => (e.mtime ?? '').replace('T', ' ').slice(0, 19)],
          ['PATH', (e) => e.path],
        ]);
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
