import type { Command } from 'commander';
import { PlanService } from '../../node/operations/plan-service.js';
import type { CliContext } from '../cli-context.js';
import { collect } from '../option-parsers.js';

export function registerPlanCommands(program: Command, cli: CliContext): void {
  const plan = program.command('plan').description('manage backup plans');

  plan.command('add <name>').description('add a backup plan')
    .requiredOption('--repo <NAME>', 'repository to back up into')
    .option('--path <PATH>', 'folder or file to back up (repeatable)', collect, [])
    .option('--exclude <PATTERN>', 'restic exclude pattern (repeatable)', collect, [])
    .option('--tag <TAG>', 'tag for the snapshots (repeatable)', collect, [])
    .action(async (name: string, flags: { repo: string; path: string[]; exclude: string[]; tag: string[] }) => {
      await cli.withKernel(async (kernel) => {
        const added = await kernel.get<PlanService>(PlanService).add({ name, repository: flags.repo, paths: flags.path, exclude: flags.exclude, tags: flags.tag });
        for (const warning of added.warnings) cli.output.error(`warning: ${warning}`);
        if (cli.output.json) cli.output.data(added);
        else cli.output.line(`Added plan "${name}" → ${flags.repo}: ${added.paths.join(', ')}. Run it with: timelocker backup ${name}`);
      });
    });

  plan.command('list').description('list plans')
    .action(async () => {
      await cli.withKernel(async (kernel) => {
        cli.output.table(await kernel.get<PlanService>(PlanService).list(), [
          ['NAME', (p) => p.name],
          ['REPOSITORY', (p) => p.repository],
          ['PATHS', (p) => p.paths.join(', ')],
          ['EXCLUDE', (p) => p.exclude.join(', ')],
          ['TAGS', (p) => p.tags.join(', ')],
        ]);
      });
    });

  plan.command('rename <name> <new-name>').description('rename a plan; notification rules and policies follow (its snapshots keep the tag plan:<name>)')
    .action(async (name: string, newName: string) => {
      await cli.withKernel(async (kernel) => {
        const renamed = await kernel.get<PlanService>(PlanService).rename(name, newName);
        if (cli.output.json) cli.output.data({ renamed: name, to: renamed });
        else cli.output.line(`Renamed plan "${name}" to "${newName}". Snapshots made before keep the tag plan:${name}.`);
      });
    });

  plan.command('remove <name>').description('remove a plan (its snapshots are kept)')
    .action(async (name: string) => {
      await cli.withKernel(async (kernel) => {
        await kernel.get<PlanService>(PlanService).remove(name);
        if (cli.output.json) cli.output.data({ removed: name });
        else cli.output.line(`Removed plan "${name}"; its snapshots are kept.`);
      });
    });
}
