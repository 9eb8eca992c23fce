import { formatBytes } from '@timelocker/plugin-api';
import { resolve } from 'node:path';
import type { CancellationToken } from '@timelocker/plugin-api';
import type { Command } from 'commander';
import { UsageError } from '../../node/core/errors.js';
import { FileIndexService, type FileVersionDto, type IndexSyncReport } from '../../node/file-index/file-index-service.js';
import type { Kernel } from '../../node/kernel.js';
import { outcomeOf } from '../../node/jobs/job-service.js';
import { RestoreService } from '../../node/operations/restore-service.js';
import type { CliContext } from '../cli-context.js';
import { positiveInteger } from '../option-parsers.js';
import { type Output } from '../output.js';
import { reportJob } from './job-report.js';

const when = (iso: string): string => iso.replace('T', ' ').slice(0, 19);

function snapshotList(version: FileVersionDto, all = false): string {
  const refs = version.snapshots.map((s) => `${s.repository}:${s.shortId}`);
  return all || refs.length <= 3 ? refs.join(', ') : `${refs.slice(0, 3).join(', ')} +${refs.length - 3} more`;
}

function reportSyncProblems(output: Output, reports: readonly IndexSyncReport[]): void {
  for (const r of reports) if (r.error) output.error(`warning: the index of "${r.repository}" may be out of date: ${r.error}`);
}

/** Newest version first; `number` is what `restore --version` takes. */
export async function restoreVersion(
  cli: CliContext, kernel: Kernel, path: string, number: number,
  options: { repository?: string; target: string; verify: boolean; overwrite: boolean }, token: CancellationToken,
): Promise<void> {
  const { versions } = await kernel.get<FileIndexService>(FileIndexService).versions(path, options.repository ? { repository: options.repository } : {});
  if (versions.length === 0) throw new UsageError(`No indexed snapshot holds "${path}". Run \`timelocker index\` if snapshots were made elsewhere, or check the path with \`timelocker find\`.`);
  const version = versions[number - 1];
  if (!version) throw new UsageError(`"${path}" has ${versions.length} version(s); --version takes 1 (newest) to ${versions.length}.`);
  const snapshot = version.snapshots[0]!;
  const run = await outcomeOf(kernel.get<RestoreService>(RestoreService).restore({
    repository: snapshot.repository, snapshot: snapshot.id, target: options.target, include: [path], verify: options.verify, overwrite: options.overwrite,
  }, token));
  reportJob(cli.output, run, `Restored version ${number} of ${path} (${formatBytes(version.size)}, modified ${when(version.mtime)}) from ${snapshot.repository}:${snapshot.shortId} to ${resolve(options.target, `.${path}`)}.`);
}

export function registerFileIndexCommands(program: Command, cli: CliContext): void {
  program.command('find <pattern>').description('find files in every snapshot of every repository, from the file index (substring of the path, smart case, or a glob such as "*.pdf")')
    .option('--repo <NAME>', 'only this repository')
    .option('--plan <NAME>', "only this plan's snapshots (also its copies)")
    .option('--path <PREFIX>', 'only this path and what lies under it')
    .option('--newer <DATE>', 'only versions modified at or after DATE (e.g. 2024-05-01)')
    .option('--older <DATE>', 'only versions modified before DATE')
    .option('--limit <N>', 'at most N paths (default 100)', positiveInteger)
    .option('--cached', 'search the index as it is, without asking the repositories for new snapshots first')
    .action(async (pattern: string, flags: { repo?: string; plan?: string; path?: string; newer?: string; older?: string; limit?: number; cached?: boolean }) => {
      await cli.withPluginKernel(async (kernel, token) => {
        const index = kernel.get<FileIndexService>(FileIndexService);
        if (!flags.cached) reportSyncProblems(cli.output, await index.sync(flags.repo ? [flags.repo] : undefined, token));
        const result = await index.search({
          pattern, ...(flags.repo ? { repository: flags.repo } : {}), ...(flags.plan ? { plan: flags.plan } : {}),
          ...(flags.path ? { path: resolve(flags.path) } : {}), ...(flags.newer ? { newer: flags.newer } : {}),
          ...(flags.older ? { older: flags.older } : {}), ...(flags.limit ? { limit: flags.limit } : {}),
        });
        if (cli.output.json) {
          cli.output.data(result);
          return;
        }
        const rows = result.matches.flatMap((m) => m.versions.map((v, i) => ({ path: i === 0 ? m.path : '', version: v })));
        cli.output.table(rows, [
          ['PATH', (r) => JSON.stringify(r.path).slice(1, -1)],
          ['SIZE', (r) => (r.version.type === 'file' ? formatBytes(r.version.size) : r.version.type)],
          ['MODIFIED', (r) => when(r.version.mtime)],
          ['SNAPSHOTS', (r) => snapshotList(r.version)],
        ]);
        cli.output.error(`${result.matches.length}${result.truncated ? '+' : ''} path(s) in ${result.searchedEntries.toLocaleString('en')} indexed entries (${result.tookMs.toFixed(0)} ms)${result.truncated ? '; more match: narrow the pattern or raise --limit' : ''}.`);
      });
    });

  program.command('versions <path>').description('every version of one file across all snapshots of all repositories, newest first')
    .option('--repo <NAME>', 'only this repository')
    .option('--plan <NAME>', "only this plan's snapshots")
    .option('--cached', 'use the index as it is, without asking the repositories for new snapshots first')
    .action(async (path: string, flags: { repo?: string; plan?: string; cached?: boolean }) => {
      await cli.withPluginKernel(async (kernel, token) => {
        const index = kernel.get<FileIndexService>(FileIndexService);
        if (!flags.cached) reportSyncProblems(cli.output, await index.sync(flags.repo ? [flags.repo] : undefined, token));
        const result = await index.versions(resolve(path), { ...(flags.repo ? { repository: flags.repo } : {}), ...(flags.plan ? { plan: flags.plan } : {}) });
        if (cli.output.json) {
          cli.output.data(result);
          return;
        }
        if (result.versions.length === 0) throw new UsageError(`No indexed snapshot holds "${result.path}".`);
        cli.output.table(result.versions, [
          ['VERSION', (v) => String(v.number)],
          ['SIZE', (v) => (v.type === 'file' ? formatBytes(v.size) : v.type)],
          ['MODIFIED', (v) => when(v.mtime)],
          ['SNAPSHOTS', (v) => snapshotList(v, true)],
        ]);
        if (result.versions.length > 1) cli.output.error(`Restore one with: timelocker restore ${JSON.stringify(result.path)} --version N --target DIR`);
      });
    });

  program.command('index').description('bring the file index up to date: index new snapshots, drop forgotten ones')
    .option('--repo <NAME>', 'only this repository')
    .action(async (flags: { repo?: string }) => {
      await cli.withPluginKernel(async (kernel, token) => {
        const index = kernel.get<FileIndexService>(FileIndexService);
        const reports = await index.sync(flags.repo ? [flags.repo] : undefined, token);
        if (cli.output.json) cli.output.data(reports);
        else {
          cli.output.table(reports, [
            ['REPOSITORY', (r) => r.repository],
            ['INDEXED', (r) => String(r.indexed.length)],
            ['DROPPED', (r) => String(r.dropped.length)],
            ['ENTRIES', (r) => r.entries.toLocaleString('en')],
            ['TIME', (r) => `${r.seconds.toFixed(1)} s`],
            ['PROBLEM', (r) => r.error ?? ''],
          ]);
        }
        if (reports.some((r) => r.error)) process.exitCode = 1;
      });
    });
}
