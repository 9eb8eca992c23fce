import { Cron } from 'croner';

/** A plan's `schedule`: a 5-field cron expression (6 with seconds first) or @hourly/@daily/@weekly/@monthly/@yearly, local time. */
export class PlanSchedule {
  private readonly cron: Cron;

  constructor(readonly expression: string) {
    // `paused` keeps croner from arming its own timer: the scheduler owns timing (one timer for all plans).
    this.cron = new Cron(expression.trim(), { paused: true, mode: '5-or-6-parts' });
  }

  /** The first slot strictly after `moment`. */
  nextAfter(moment: Date): Date | undefined {
    return this.cron.nextRun(moment) ?? undefined;
  }

  /** The latest slot at or before `moment`. */
  latestAtOrBefore(moment: Date): Date | undefined {
    return this.cron.previousRuns(1, new Date(moment.getTime() + 1))[0];
  }

  /**
   * The one slot to catch up on: the latest slot that passed after the last one that ran (machine asleep or
   * off). However many slots were missed, only the latest is returned, so a plan catches up once.
   */
  missedSince(lastSlot: Date, now: Date): Date | undefined {
    const latest = this.latestAtOrBefore(now);
    return latest && latest > lastSlot ? latest : undefined;
  }
}

/** A readable reason why `expression` is not a schedule, or undefined when it is one. */
export function scheduleProblem(expression: string): string | undefined {
  let schedule: PlanSchedule;
  try {
    schedule = new PlanSchedule(expression);
  } catch (error) {
    return `"${expression}" is not a cron schedule: ${(error as Error).message.replace(/^CronPattern: /, '')}`;
  }
  // Valid fields can still name no date at all (February 31st): such a plan would never run, without a word.
  // Patterns have no year, so a schedule that fires at all fires again after any moment.
  return schedule.nextAfter(new Date()) ? undefined : `"${expression}" never fires (no date matches)`;
}
