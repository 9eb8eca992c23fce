import type { JobDto } from '@timelocker/plugin-api';
import { UsageError } from '../core/errors.js';
import type { BackupWindow } from './backup-window.js';

export const TASK_KINDS = ['backup', 'check', 'prune'] as const;
export type ScheduledTaskKind = (typeof TASK_KINDS)[number];

/** One thing the scheduler runs on a schedule: a plan's backup, or a repository's check or prune. */
export interface ScheduledTask {
  /** `backup:<plan>`, `check:<repository>` or `prune:<repository>`: the key of its arming, overlap guard and run record. */
  readonly key: string;
  readonly kind: ScheduledTaskKind;
  /** The plan of a backup, the repository of a check or prune. */
  readonly target: string;
  /** The repository the task works on (a backup's is its plan's). */
  readonly repository?: string;
  /** Absent when the config gives none: `--scheduled` still runs such a task, the scheduler never arms it. */
  readonly schedule?: string;
  /** Where `schedule` sits in the config, for validation messages. */
  readonly schedulePath: readonly string[];
  readonly window?: BackupWindow;
  /** check only: restic --read-data-subset. */
  readonly readDataSubset?: string;
}

export function taskKey(kind: ScheduledTaskKind, target: string): string {
  return `${kind}:${target}`;
}

function isKind(text: string): text is ScheduledTaskKind {
  return (TASK_KINDS as readonly string[]).includes(text);
}

/** The kind is everything before the first `:`, so a target may itself contain colons. */
export function parseTaskKey(key: string): { readonly kind: ScheduledTaskKind; readonly target: string } {
  const colon = key.indexOf(':');
  const kind = key.slice(0, colon);
  if (colon < 0 || !isKind(kind) || colon === key.length - 1) {
    throw new UsageError(`"${key}" is not a scheduled task: expected ${TASK_KINDS.map((k) => `${k}:NAME`).join(', ')}.`);
  }
  return { kind, target: key.slice(colon + 1) };
}

/** `backup of plan docs`, `check of repository home`; `target` as the caller wants it shown (quoted or not). */
export function describeTask(kind: ScheduledTaskKind, target: string): string {
  return `${kind} of ${kind === 'backup' ? 'plan' : 'repository'} ${target}`;
}

/** The job a scheduled run of `task` starts: a backup of the plan, or a plan-less check/prune of the repository. */
export function isJobOf(task: Pick<ScheduledTask, 'kind' | 'target'>, job: JobDto): boolean {
  if (job.kind !== task.kind) return false;
  return task.kind === 'backup' ? job.plan === task.target : job.repository === task.target && !job.plan;
}

/** `plan`/`repository` fields of a listing or an outcome. */
export function taskSubject(task: ScheduledTask): { readonly plan?: string; readonly repository?: string } {
  return { ...(task.kind === 'backup' && { plan: task.target }), ...(task.repository !== undefined && { repository: task.repository }) };
}
