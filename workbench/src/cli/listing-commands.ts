import type { Command } from 'commander';
import { positiveInteger } from './option-parsers.js';

/*
 * `snapshots` and `ls` as the command line gives them: the kernel's commands (commands/backup-commands.ts) and the
 * kernel-less listing (catalog-listing.ts) parse them with these same definitions, and print with listing-views.ts.
 */

export function defineSnapshotsCommand(program: Command): Command {
  return program.command('snapshots').description('list snapshots')
    .option('--repo <NAME>', 'only this repository')
    .option('--plan <NAME>', "only this plan's snapshots")
    .option('--tag <TAG>', 'only snapshots with this tag')
    .option('--path <PATH>', 'only snapshots containing this path')
    .option('--latest <N>', 'only the N newest per repository', positiveInteger)
    .option('--copies', 'also show where copies of each snapshot exist (restic copy) and when they were verified')
    .option('--refresh', "list with restic even when the repository holds no snapshot the catalog's cache does not know");
}

export function defineLsCommand(program: Command): Command {
  return program.command('ls <snapshot> [dir]').description('list one directory level of a snapshot')
    .requiredOption('--repo <NAME>', 'repository of the snapshot');
}
