import type { ForgetDecision } from '../../common/forget-decision-dto.js';
import type { ResticSnapshot } from './restic-json.js';

export type { ForgetDecision } from '../../common/forget-decision-dto.js';

/** Retention rules as restic's forget flags understand them. */
export interface ForgetRules {
  readonly keepLast?: number;
  readonly keepHourly?: number;
  readonly keepDaily?: number;
  readonly keepWeekly?: number;
  readonly keepMonthly?: number;
  readonly keepYearly?: number;
  readonly keepWithin?: string;
  readonly keepTags?: readonly string[];
  readonly groupBy?: readonly ('host' | 'paths' | 'tags')[];
}

/** One group of restic's `forget --json` output (0.14: the snapshots under `reasons` carry no id). */
export interface ResticForgetGroup {
  readonly tags: readonly string[] | null;
  readonly host: string;
  readonly paths: readonly string[] | null;
  readonly keep: readonly ResticSnapshot[] | null;
  readonly remove: readonly ResticSnapshot[] | null;
  readonly reasons: ReadonlyArray<{ readonly snapshot: Omit<ResticSnapshot, 'id' | 'short_id'> & { id?: string }; readonly matches: readonly string[] }> | null;
}

export function forgetArgs(rules: ForgetRules, tag: string | undefined, dryRun: boolean): string[] {
  const args = ['forget', '--json'];
  if (dryRun) args.push('--dry-run');
  if (tag) args.push('--tag', tag);
  const numbers: Array<[keyof ForgetRules, string]> = [
    ['keepLast', '--keep-last'], ['keepHourly', '--keep-hourly'], ['keepDaily', '--keep-daily'],
    ['keepWeekly', '--keep-weekly'], ['keepMonthly', '--keep-monthly'], ['keepYearly', '--keep-yearly'],
  ];
  for (const [key, flag] of numbers) if (rules[key] !== undefined) args.push(flag, String(rules[key]));
  if (rules.keepWithin) args.push('--keep-within', rules.keepWithin);
  for (const keep of rules.keepTags ?? []) args.push('--keep-tag', keep);
  args.push('--group-by', (rules.groupBy ?? ['host', 'paths']).join(','));
  return args;
}

const sameSnapshot = (a: Omit<ResticSnapshot, 'id' | 'short_id'>, b: ResticSnapshot): boolean =>
  a.time === b.time && a.tree === b.tree && a.hostname === b.hostname && (a.paths ?? []).join('\0') === (b.paths ?? []).join('\0');

/** Every snapshot restic decided on, newest first, with its reasons matched back to it. */
export function forgetDecisions(groups: readonly ResticForgetGroup[]): ForgetDecision[] {
  const decisions: ForgetDecision[] = [];
  for (const group of groups) {
    const reasons = [...(group.reasons ?? [])];
    for (const snapshot of group.keep ?? []) {
      const index = reasons.findIndex((r) => (r.snapshot.id ? r.snapshot.id === snapshot.id : sameSnapshot(r.snapshot, snapshot)));
      const matches = index >= 0 ? reasons.splice(index, 1)[0]!.matches : [];
      decisions.push({ id: snapshot.id, shortId: snapshot.short_id, time: snapshot.time, action: 'keep', reasons: [...matches] });
    }
    for (const snapshot of group.remove ?? []) {
      decisions.push({ id: snapshot.id, shortId: snapshot.short_id, time: snapshot.time, action: 'remove', reasons: [] });
    }
  }
  return decisions.sort((a, b) => b.time.localeCompare(a.time));
}
