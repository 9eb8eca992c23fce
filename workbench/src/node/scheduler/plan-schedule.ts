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
  try {
    new PlanSchedule(expression);
    return undefined;
  } catch (error) {
    return `"${expression}" is not a cron schedule: ${(error as Error).message.replace(/^CronPattern: /, '')}`;
  }
}
