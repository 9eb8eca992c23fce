import type { PolicyContextDto, PolicyRule, PolicyViolationDto } from '@timelocker/plugin-api';

/** Manual backups outside the plan's window are refused unless forced; the scheduler keeps to the window itself. */
export const backupWindow: PolicyRule = {
  async evaluate(context: PolicyContextDto): Promise<PolicyViolationDto[]> {
    const { window, plan } = context;
    if (context.operation !== 'backup' || context.trigger !== 'manual' || context.forced || !window || window.openNow) return [];
    const range = `${window.days ? `${window.days.join(',')} ` : ''}${window.start}–${window.end}`;
    return [{ message: `plan "${plan?.name ?? '?'}" is outside its backup window (${range}, local time); run \`timelocker backup ${plan?.name ?? 'PLAN'} --force\` to back up anyway.` }];
  },
};
