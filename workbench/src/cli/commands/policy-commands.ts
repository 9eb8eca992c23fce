import type { Command } from 'commander';
import { PlanService } from '../../node/operations/plan-service.js';
import { PolicyService } from '../../node/policies/policy-service.js';
import type { CliContext } from '../cli-context.js';
import { CommandExit } from '../exit-codes.js';

export function registerPolicyCommands(program: Command, cli: CliContext): void {
  const policy = program.command('policy').description('check the configured policies');

  policy.command('check [plan]').description('evaluate every policy that applies (to one plan, or to everything); exit 1 on a blocking finding')
    .action(async (planName: string | undefined) => {
      await cli.withPluginKernel(async (kernel, token) => {
        const policies = kernel.get<PolicyService>(PolicyService);
        const findings = planName
          ? await policies.evaluate({ operation: 'backup', repository: (await kernel.get<PlanService>(PlanService).get(planName)).repository, plan: planName }, token)
          : await policies.evaluateAll('backup', token);
        if (!cli.output.json && findings.length === 0) cli.output.line('No policy findings.');
        else cli.output.table(findings, [
          ['SEVERITY', (f) => f.severity],
          ['RULE', (f) => f.rule],
          ['REPOSITORY', (f) => f.repository],
          ['PLAN', (f) => f.plan ?? ''],
          ['MESSAGE', (f) => f.message],
        ]);
        if (findings.some((f) => f.severity === 'error')) throw new CommandExit('forbidden');
      });
    });
}
