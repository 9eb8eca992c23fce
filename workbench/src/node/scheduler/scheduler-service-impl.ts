import { stat } from 'node:fs/promises';
import { CancellationTokenSource, EventEmitter, type CancellationToken, type Disposable } from '@timelocker/plugin-api';
import { inject, injectable } from 'inversify';
import type { TimeLockerConfig } from '../config/config-model.js';
import { ConfigService } from '../config/config-service.js';
import { type Logger, LogService } from '../core/log-service.js';
import { JobService } from '../jobs/job-service.js';
import { BackupService } from '../operations/backup-service.js';
import { describeWindow, openWindowAt } from './backup-window.js';
import { PlanSchedule, scheduleProblem } from './plan-schedule.js';
import { effectiveWindow, scheduleOf, scheduledPlans } from './schedule-config.js';
import { type PlanRunRecord, ScheduleStore } from './schedule-store.js';
import type { ScheduledPlanInfo, ScheduledRunOutcome, SchedulerService } from './scheduler-service.js';
import { guardWindowEnd } from './window-end-guard.js';

/**
 * Timers run on the monotonic clock, which stands still while the machine sleeps: waking at least this often
 * notices wall-clock jumps (resume, clock changes) within a minute, at no measurable idle cost.
 */
export const MAX_SLEEP_MS = 60_000;

interface Armed {
  readonly schedule: PlanSchedule;
  next: Date | undefined;
}

@injectable()
export class SchedulerServiceImpl implements SchedulerService {
  private readonly logger: Logger;
  private readonly armed = new Map<string, Armed>();
  private readonly running = new Map<string, Promise<ScheduledRunOutcome>>();
  private readonly finished = new EventEmitter<ScheduledRunOutcome>();
  readonly onDidFinishRun = this.finished.event;
  private runs: CancellationTokenSource | undefined;
  private timer: NodeJS.Timeout | undefined;
  private configListener: Disposable | undefined;
  private configMtime = 0;
  private reloading: Promise<void> = Promise.resolve();

  constructor(
    @inject(ConfigService) private readonly config: ConfigService,
    @inject(ScheduleStore) private readonly store: ScheduleStore,
    @inject(BackupService) private readonly backups: BackupService,
    @inject(JobService) private readonly jobs: JobService,
    @inject(LogService) logService: LogService,
  ) {
    this.logger = logService.getLogger('scheduler');
  }

  get active(): boolean {
    return this.runs !== undefined;
  }

  async startScheduling(): Promise<void> {
    if (this.runs) return;
    this.runs = new CancellationTokenSource();
    this.configMtime = await this.mtime();
    this.configListener = this.config.onDidChangeConfig((config) => void this.reload(config));
    await this.reload(await this.config.get());
    this.logger.info(`scheduling ${this.armed.size} plan(s)`);
  }

  async stopScheduling(): Promise<void> {
    const runs = this.runs;
    if (!runs) return;
    this.runs = undefined;
    clearTimeout(this.timer);
    this.configListener?.dispose();
    this.armed.clear();
    runs.cancel();
    await Promise.allSettled([this.reloading, ...this.running.values()]);
    runs.dispose();
  }

  async list(now = new Date()): Promise<ScheduledPlanInfo[]> {
    const config = await this.config.get();
    const records = await this.store.all();
    return scheduledPlans(config).map((plan) => {
      const expression = scheduleOf(config, plan)!;
      const problem = scheduleProblem(expression);
      const record = records.get(plan);
      const window = effectiveWindow(config, plan);
      const next = problem ? undefined : new PlanSchedule(expression).nextAfter(now);
      return {
        plan, schedule: expression, running: this.running.has(plan),
        ...(next && { nextRun: next.toISOString() }),
        ...(record?.lastStarted && { lastRun: record.lastStarted }),
        ...(record?.lastStatus && { lastStatus: record.lastStatus }),
        ...(record?.lastJob && { lastJob: record.lastJob }),
        ...(window && { window: describeWindow(window) }),
        ...(problem && { problem }),
      };
    });
  }

  async runScheduled(plan: string, token: CancellationToken, slot?: Date): Promise<ScheduledRunOutcome> {
    const config = await this.config.get();
    const previous = await this.store.get(plan);
    const started = new Date();
    const record: PlanRunRecord = { ...previous, plan, lastSlot: (slot ?? started).toISOString() };
    const window = effectiveWindow(config, plan);
    const open = window ? openWindowAt(window, started) : undefined;
    if (window && !open) {
      // Only the slot is remembered: `lastStatus` stays that of the last run that happened.
      await this.store.put(record);
      return this.done({ plan, ...(slot && { slot: slot.toISOString() }), skipped: `outside its backup window (${describeWindow(window)})` });
    }
    const guard = open && !window?.finishBeyondWindow
      ? guardWindowEnd(this.jobs, plan, open.end, (job) => this.logger.info(`stopping job ${job} of plan ${plan}: its backup window ended`))
      : undefined;
    try {
      const run = await this.backups.backup(plan, () => undefined, token, { trigger: 'scheduler' });
      await this.store.put({ ...record, lastStarted: run.job.startedAt ?? started.toISOString(), lastJob: run.job.id, lastStatus: run.job.status });
      return this.done({ plan, ...(slot && { slot: slot.toISOString() }), run });
    } catch (error) {
      // A user error (missing source paths, unknown plan) never became a job.
      await this.store.put({ ...record, lastStarted: started.toISOString(), lastStatus: 'failed' });
      return this.done({ plan, ...(slot && { slot: slot.toISOString() }), skipped: (error as Error).message });
    } finally {
      guard?.dispose();
    }
  }

  private done(outcome: ScheduledRunOutcome): ScheduledRunOutcome {
    const what = outcome.run ? `${outcome.run.job.status} (job ${outcome.run.job.id})` : `not run: ${outcome.skipped ?? ''}`;
    this.logger.info(`scheduled run of plan ${outcome.plan}${outcome.slot ? ` for ${outcome.slot}` : ''}: ${what}`);
    this.finished.fire(outcome);
    return outcome;
  }

  private reload(config: TimeLockerConfig): Promise<void> {
    this.reloading = this.reloading.then(() => this.arm(config)).catch((error: unknown) => this.logger.error(`could not load the schedules: ${(error as Error).message}`));
    return this.reloading;
  }

  /** (Re)reads every plan's schedule; a plan seen for the first time starts from now, a known one catches up once. */
  private async arm(config: TimeLockerConfig): Promise<void> {
    if (!this.runs) return;
    const now = new Date();
    const records = await this.store.all();
    const plans = scheduledPlans(config);
    this.armed.clear();
    const firstSeen: PlanRunRecord[] = [];
    for (const plan of plans) {
      const expression = scheduleOf(config, plan)!;
      const problem = scheduleProblem(expression);
      if (problem) {
        this.logger.error(`plan ${plan} is not scheduled: ${problem}`);
        continue;
      }
      const schedule = new PlanSchedule(expression);
      this.armed.set(plan, { schedule, next: schedule.nextAfter(now) });
      const record = records.get(plan);
      if (!record) {
        firstSeen.push({ plan, lastSlot: now.toISOString() });
        continue;
      }
      const missed = schedule.missedSince(new Date(record.lastSlot), now);
      if (missed) {
        this.logger.info(`plan ${plan} missed its run at ${missed.toISOString()}: running it once now`);
        this.fire(plan, missed);
      }
    }
    await this.store.put(...firstSeen);
    this.rearm();
  }

  private rearm(): void {
    clearTimeout(this.timer);
    if (!this.runs) return;
    let earliest = Date.now() + MAX_SLEEP_MS;
    for (const { next } of this.armed.values()) if (next && next.getTime() < earliest) earliest = next.getTime();
    this.timer = setTimeout(() => void this.tick(), Math.max(0, earliest - Date.now()));
  }

  private async tick(): Promise<void> {
    const mtime = await this.mtime();
    if (mtime !== this.configMtime) {
      // Edited by hand (not through ConfigService): load it; `onDidChangeConfig` re-arms.
      this.configMtime = mtime;
      await this.config.load().catch((error: unknown) => this.logger.error(`config not reloaded: ${(error as Error).message}`));
    }
    const now = new Date();
    for (const [plan, entry] of this.armed) {
      if (!entry.next || entry.next > now) continue;
      // After a sleep several slots may have passed: run once, for the latest of them.
      this.fire(plan, entry.schedule.latestAtOrBefore(now) ?? entry.next);
      entry.next = entry.schedule.nextAfter(now);
    }
    this.rearm();
  }

  private fire(plan: string, slot: Date): void {
    const runs = this.runs;
    if (!runs) return;
    if (this.running.has(plan)) {
      this.logger.warn(`plan ${plan}: the run for ${slot.toISOString()} is skipped, the previous run is still going`);
      return;
    }
    const run = this.runScheduled(plan, runs.token, slot)
      .catch((error: unknown) => this.done({ plan, slot: slot.toISOString(), skipped: (error as Error).message }))
      .finally(() => this.running.delete(plan));
    this.running.set(plan, run);
  }

  private async mtime(): Promise<number> {
    return stat(this.config.configFile).then((s) => s.mtimeMs, () => 0);
  }
}
