import { CancellationTokenSource, EventEmitter, type CancellationToken, type Disposable } from '@timelocker/plugin-api';
import { inject, injectable, named } from 'inversify';
import { ContributionProvider } from '../../common/contribution-provider.js';
import type { TimeLockerConfig } from '../config/config-model.js';
import { ConfigService } from '../config/config-service.js';
import { type Logger, LogService } from '../core/log-service.js';
import { JobService } from '../jobs/job-service.js';
import { describeWindow, openWindowAt } from './backup-window.js';
import { PlanSchedule, scheduleProblem } from './plan-schedule.js';
import { scheduledTasks, taskFor } from './schedule-config.js';
import { ScheduleStore, type TaskRunRecord } from './schedule-store.js';
import { ScheduledRunParticipant } from './scheduled-run-participant.js';
import { describeTask, isJobOf, parseTaskKey, type ScheduledTask, taskSubject } from './scheduled-task.js';
import { ScheduledTaskRunner, type ScheduledTaskRun } from './scheduled-task-runner.js';
import type { ScheduledPlanInfo, ScheduledRunOutcome, ScheduledTaskInfo, SchedulerService } from './scheduler-service.js';
import { guardWindowEnd } from './window-end-guard.js';

/**
 * Timers run on the monotonic clock, which stands still while the machine sleeps: waking at least this often
 * notices wall-clock jumps (resume, clock changes) within a minute, at no measurable idle cost.
 */
export const MAX_SLEEP_MS = 60_000;

interface Armed {
  readonly task: ScheduledTask;
  readonly schedule: PlanSchedule;
  next: Date | undefined;
}

/** One mechanism for every task kind: one timer, catch-up of one missed slot, no task overlapping itself. */
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
  private reloading: Promise<void> = Promise.resolve();
  lagSeconds: number | undefined;

  constructor(
    @inject(ConfigService) private readonly config: ConfigService,
    @inject(ScheduleStore) private readonly store: ScheduleStore,
    @inject(ScheduledTaskRunner) private readonly runner: ScheduledTaskRunner,
    @inject(JobService) private readonly jobs: JobService,
    @inject(LogService) logService: LogService,
    @inject(ContributionProvider) @named(ScheduledRunParticipant) private readonly participants: ContributionProvider<ScheduledRunParticipant>,
  ) {
    this.logger = logService.getLogger('scheduler');
  }

  get active(): boolean {
    return this.runs !== undefined;
  }

  async startScheduling(): Promise<void> {
    if (this.runs) return;
    this.runs = new CancellationTokenSource();
    // One source of changes, whoever made them (this process, another one, a text editor): ConfigService.
    this.configListener = this.config.onDidChangeConfig((change) => void this.reload(change.config));
    await this.reload(await this.config.get());
    this.logger.info(`scheduling ${this.armed.size} task(s)`);
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

  async listTasks(now = new Date()): Promise<ScheduledTaskInfo[]> {
    const config = await this.config.get();
    const records = await this.store.all();
    return scheduledTasks(config).map((task) => {
      const expression = task.schedule!;
      const problem = scheduleProblem(expression);
      const record = records.get(task.key);
      const next = problem ? undefined : new PlanSchedule(expression).nextAfter(now);
      return {
        task: task.key, kind: task.kind, ...taskSubject(task), schedule: expression, running: this.running.has(task.key),
        ...(next && { nextRun: next.toISOString() }),
        ...(record?.lastStarted && { lastRun: record.lastStarted }),
        ...(record?.lastStatus && { lastStatus: record.lastStatus }),
        ...(record?.lastJob && { lastJob: record.lastJob }),
        ...(task.window && { window: describeWindow(task.window) }),
        ...(problem && { problem }),
      };
    });
  }

  async list(now = new Date()): Promise<ScheduledPlanInfo[]> {
    return (await this.listTasks(now)).filter((info): info is ScheduledPlanInfo => info.kind === 'backup');
  }

  async runScheduled(key: string, token: CancellationToken, slot?: Date): Promise<ScheduledRunOutcome> {
    const { kind, target } = parseTaskKey(key);
    const task = taskFor(await this.config.get(), kind, target);
    const base = { task: task.key, kind, ...taskSubject(task), ...(slot && { slot: slot.toISOString() }) };
    const started = new Date();
    const record: TaskRunRecord = { ...(await this.store.get(task.key)), task: task.key, lastSlot: (slot ?? started).toISOString() };
    const open = task.window ? openWindowAt(task.window, started) : undefined;
    if (task.window && !open) {
      // Only the slot is remembered: `lastStatus` stays that of the last run that happened.
      await this.store.put(record);
      return this.done({ ...base, skipped: `outside its ${kind === 'backup' ? 'backup window' : 'maintenance window'} (${describeWindow(task.window)})` });
    }
    const veto = await this.veto(task, started);
    if (veto) {
      await this.store.put(record);
      return this.done({ ...base, skipped: veto });
    }
    const guard = open && !task.window?.finishBeyondWindow
      ? guardWindowEnd(this.jobs, (job) => isJobOf(task, job), open.end, (job) => this.logger.info(`stopping job ${job} (${describeTask(kind, target)}): its window ended`))
      : undefined;
    try {
      const run = await this.runner.run(task, token);
      await this.store.put({ ...record, lastStarted: run.job.startedAt ?? started.toISOString(), lastJob: run.job.id, lastStatus: run.job.status });
      await this.tellParticipants(task, run);
      return this.done({ ...base, run });
    } catch (error) {
      // A user error (missing source paths, unknown plan or repository) never became a job.
      await this.store.put({ ...record, lastStarted: started.toISOString(), lastStatus: 'failed' });
      return this.done({ ...base, skipped: (error as Error).message });
    } finally {
      guard?.dispose();
    }
  }

  private async veto(task: ScheduledTask, now: Date): Promise<string | undefined> {
    for (const participant of this.participants.getContributions()) {
      const reason = await participant.vetoRun?.(task, now);
      if (reason) return reason;
    }
    return undefined;
  }

  private async tellParticipants(task: ScheduledTask, run: ScheduledTaskRun): Promise<void> {
    for (const participant of this.participants.getContributions()) {
      // What a participant makes of a run must not turn the run itself into a failure.
      await participant.didRun?.(task, run).catch((error: unknown) => this.logger.error(`after ${describeTask(task.kind, task.target)}: ${(error as Error).message}`));
    }
  }

  private done(outcome: ScheduledRunOutcome): ScheduledRunOutcome {
    const { kind, target } = parseTaskKey(outcome.task);
    const what = outcome.run ? `${outcome.run.job.status} (job ${outcome.run.job.id})` : `not run: ${outcome.skipped ?? ''}`;
    this.logger.info(`scheduled ${describeTask(kind, target)}${outcome.slot ? ` for ${outcome.slot}` : ''}: ${what}`);
    this.finished.fire(outcome);
    return outcome;
  }

  private reload(config: TimeLockerConfig): Promise<void> {
    this.reloading = this.reloading.then(() => this.arm(config)).catch((error: unknown) => this.logger.error(`could not load the schedules: ${(error as Error).message}`));
    return this.reloading;
  }

  /** (Re)reads every task's schedule; a task seen for the first time starts from now, a known one catches up once. */
  private async arm(config: TimeLockerConfig): Promise<void> {
    if (!this.runs) return;
    const now = new Date();
    const records = await this.store.all();
    this.armed.clear();
    const firstSeen: TaskRunRecord[] = [];
    for (const task of scheduledTasks(config)) {
      const problem = scheduleProblem(task.schedule!);
      if (problem) {
        this.logger.error(`${describeTask(task.kind, task.target)} is not scheduled: ${problem}`);
        continue;
      }
      const schedule = new PlanSchedule(task.schedule!);
      this.armed.set(task.key, { task, schedule, next: schedule.nextAfter(now) });
      const record = records.get(task.key);
      if (!record) {
        firstSeen.push({ task: task.key, lastSlot: now.toISOString() });
        continue;
      }
      const missed = schedule.missedSince(new Date(record.lastSlot), now);
      if (missed) {
        this.logger.info(`${describeTask(task.kind, task.target)} missed its run at ${missed.toISOString()}: running it once now`);
        this.fire(task, missed);
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
    this.timer = setTimeout(() => this.tick(), Math.max(0, earliest - Date.now()));
  }

  private tick(): void {
    const now = new Date();
    for (const entry of this.armed.values()) {
      if (!entry.next || entry.next > now) continue;
      // After a sleep several slots may have passed: run once, for the latest of them.
      this.fire(entry.task, entry.schedule.latestAtOrBefore(now) ?? entry.next);
      entry.next = entry.schedule.nextAfter(now);
    }
    this.rearm();
  }

  private fire(task: ScheduledTask, slot: Date): void {
    const runs = this.runs;
    if (!runs) return;
    if (this.running.has(task.key)) {
      this.logger.warn(`${describeTask(task.kind, task.target)}: the run for ${slot.toISOString()} is skipped, the previous run is still going`);
      return;
    }
    this.lagSeconds = Math.max(0, Date.now() - slot.getTime()) / 1000;
    const run = this.runScheduled(task.key, runs.token, slot)
      .catch((error: unknown) => this.done({ task: task.key, kind: task.kind, ...taskSubject(task), slot: slot.toISOString(), skipped: (error as Error).message }))
      .finally(() => this.running.delete(task.key));
    this.running.set(task.key, run);
  }
}
