import { type Command, InvalidArgumentError, Option } from 'commander';
import type { HooksConfig } from '../../node/hooks/hook-config.js';
import { defaultFailurePolicy } from '../../node/hooks/hook-config.js';
import { HookService } from '../../node/hooks/hook-service.js';
import { DEFAULT_HOOK_TIMEOUT_SECONDS, hookFailurePolicies, type HookFailurePolicy, type HookPhase, hookPhases } from '../../node/hooks/hooks-schema.js';
import type { CliContext } from '../cli-context.js';

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 86_400) throw new InvalidArgumentError('whole seconds, 1..86400');
  return n;
}

function index(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('the number `hooks list` shows (0, 1, …)');
  return n;
}

interface HookRow {
  readonly scope: string;
  readonly phase: HookPhase;
  readonly index: number;
  readonly command: string;
  readonly timeoutSeconds: number;
  readonly onFailure: HookFailurePolicy;
}

function rows(scope: string, hooks: HooksConfig): HookRow[] {
  return hookPhases.flatMap((phase) => (hooks[phase] ?? []).map((hook, i) => ({
    scope, phase, index: i, command: hook.command,
    timeoutSeconds: hook.timeoutSeconds ?? DEFAULT_HOOK_TIMEOUT_SECONDS, onFailure: hook.onFailure ?? defaultFailurePolicy(phase),
  })));
}

const scopeName = (plan: string | undefined): string => (plan === undefined ? 'global hooks' : `plan "${plan}"`);

export function registerHookCommands(program: Command, cli: CliContext): void {
  const hooks = program.command('hooks').description('commands run before/after backups (global, or per plan), with the job\'s facts in TIMELOCKER_* variables');
  const phaseOption = (): Option => new Option('--when <PHASE>', 'before | after | onError').choices([...hookPhases]).makeOptionMandatory();

  hooks.command('list').description('list hooks (global first, then each plan\'s)')
    .option('--plan <NAME>', 'only this plan\'s hooks')
    .action(async (flags: { plan?: string }) => {
      await cli.withKernel(async (kernel) => {
        const service = kernel.get<HookService>(HookService);
        const listed: HookRow[] = [];
        if (flags.plan !== undefined) listed.push(...rows(flags.plan, await service.get(flags.plan)));
        else {
          const all = await service.list();
          listed.push(...rows('(global)', all.global), ...Object.entries(all.plans).flatMap(([plan, planHooks]) => rows(plan, planHooks)));
        }
        cli.output.table(listed, [
          ['SCOPE', (r) => r.scope], ['WHEN', (r) => r.phase], ['#', (r) => String(r.index)], ['ON FAILURE', (r) => r.onFailure],
          ['TIMEOUT', (r) => `${r.timeoutSeconds} s`], ['COMMAND', (r) => r.command],
        ]);
      });
    });

  hooks.command('add').description('add a hook (run with /bin/sh -c)')
    .addOption(phaseOption())
    .requiredOption('--command <CMD>', 'the command line')
    .option('--plan <NAME>', 'for this plan only (default: every plan)')
    .option('--timeout <SECONDS>', `stop it after this long (default ${DEFAULT_HOOK_TIMEOUT_SECONDS})`, seconds)
    .addOption(new Option('--on-failure <POLICY>', 'fail: fail the job; warn: record a warning (default: fail before, warn after/onError)').choices([...hookFailurePolicies]))
    .action(async (flags: { when: HookPhase; command: string; plan?: string; timeout?: number; onFailure?: HookFailurePolicy }) => {
      await cli.withKernel(async (kernel) => {
        const saved = await kernel.get<HookService>(HookService).add(flags.plan, flags.when, {
          command: flags.command, ...(flags.timeout !== undefined ? { timeoutSeconds: flags.timeout } : {}), ...(flags.onFailure ? { onFailure: flags.onFailure } : {}),
        });
        if (cli.output.json) cli.output.data(saved);
        else cli.output.line(`Added ${flags.when} hook #${(saved[flags.when]?.length ?? 1) - 1} to the ${scopeName(flags.plan)}.`);
      });
    });

  hooks.command('remove').description('remove a hook by its number in `hooks list`')
    .addOption(phaseOption())
    .requiredOption('--index <N>', 'its number within the phase', index)
    .option('--plan <NAME>', 'a plan\'s hook (default: a global one)')
    .action(async (flags: { when: HookPhase; index: number; plan?: string }) => {
      await cli.withKernel(async (kernel) => {
        const saved = await kernel.get<HookService>(HookService).remove(flags.plan, flags.when, flags.index);
        if (cli.output.json) cli.output.data(saved);
        else cli.output.line(`Removed ${flags.when} hook #${flags.index} from the ${scopeName(flags.plan)}.`);
      });
    });
}
