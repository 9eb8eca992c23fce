import type { Command } from 'commander';
import { Option } from 'commander';
import type { ArchiveFormat } from '../../node/file-index/file-download.js';
import { SnapshotExplorer } from '../../node/snapshot-explorer/snapshot-explorer.js';
import type { CliContext } from '../cli-context.js';

/** What the workbench's snapshot browser does beyond `ls`: compare two snapshots, take a file or folder out. */
export function registerSnapshotCommands(program: Command, cli: CliContext): void {
  program.command('diff <from> <to>').description('what changed between two snapshots of a repository (restic diff)')
    .requiredOption('--repo <NAME>', 'repository of the snapshots')
    .action(async (from: string, to: string, flags: { repo: string }) => {
      await cli.withPluginKernel(async (kernel, token) => {
        const diff = await kernel.get<SnapshotExplorer>(SnapshotExplorer).compare(flags.repo, from, to, token);
        if (cli.output.json) {
          cli.output.data(diff);
          return;
        }
        for (const [mark, paths] of [['+', diff.added], ['-', diff.removed], ['M', diff.changed]] as const) for (const path of paths) cli.output.line(`${mark} ${path}`);
        cli.output.line(`${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed (${diff.from.slice(0, 8)} → ${diff.to.slice(0, 8)}).`);
      });
    });

  program.command('dump <snapshot> <path>').description('write a file from a snapshot to stdout, or a folder as a tar/zip archive')
    .requiredOption('--repo <NAME>', 'repository of the snapshot')
    .addOption(new Option('--archive <FORMAT>', 'archive format for a folder').choices(['tar', 'zip']).default('tar'))
    .action(async (snapshot: string, path: string, flags: { repo: string; archive: ArchiveFormat }) => {
      await cli.withPluginKernel(async (kernel, token) => {
        const download = await kernel.get<SnapshotExplorer>(SnapshotExplorer).download(flags.repo, snapshot, path, { format: flags.archive }, token);
        await new Promise<void>((resolve, reject) => {
          download.stream.once('error', reject);
          download.stream.once('end', resolve);
          download.stream.pipe(process.stdout, { end: false });
        });
      });
    });
}
