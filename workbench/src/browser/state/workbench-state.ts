import { ApiError, type ApiClient } from '../api/api-client.js';
import type { JobDto, JobProgress, JsonObject, Role } from '../api/api-types.js';
import type { ConnectionState, EventStream, ServerEvent } from '../api/event-stream.js';
import { laterProgress, progressLine } from './job-log.js';
import { type Toast, ToastCenter, type ToastSeverity } from './toast-center.js';

export type { Toast } from './toast-center.js';
// Views import the controller with the state it listens to.
export { StateController } from './state-controller.js';

export type Topic = 'jobs' | 'repositories' | 'plans' | 'snapshots' | 'plugins' | 'config' | 'views' | 'toasts' | 'commands' | 'audit' | 'connection';

/** Topics whose data lives on the server: after a reconnect, every view showing one reloads. */
const DATA_TOPICS: readonly Topic[] = ['jobs', 'repositories', 'plans', 'snapshots', 'plugins', 'config', 'views', 'audit'];

export interface LiveJob {
  job: JobDto;
  progress?: JobProgress;
  readonly log: string[];
  /** The last progress line logged, so an unchanged (repeated) progress event adds no line. */
  lastProgressLine?: string;
  /** This page heard the job from its start: its log has every line and progress step (the kept output has fewer). */
  heardFromStart?: boolean;
}

export interface Command {
  readonly id: string;
  readonly title: string;
  readonly category?: string;
  /** Shown in the palette and handled globally, e.g. "Ctrl+Shift+P". */
  readonly keybinding?: string;
  /** Disabled for roles that may not run it. */
  readonly enabled?: () => boolean;
  run(): unknown;
}

export interface EditorTab {
  readonly id: string;
  readonly title: string;
  /** Created once and kept while the tab is open, so its state (scroll, tree, editor) survives tab switches. */
  readonly element: HTMLElement;
}

const ROLE_RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };
const LOG_LIMIT = 2000;

/** The page's single source of live state: jobs from events, toasts, commands, the connection and the caller's role. */
export class WorkbenchState {
  readonly jobs = new Map<string, LiveJob>();
  readonly commands = new Map<string, Command>();
  role: Role = 'viewer';
  /** The view whose data changed last (from `views.changed`), so only that view reloads. */
  lastViewChange: string | undefined;
  private readonly listeners = new Map<Topic, Set<() => void>>();
  private readonly toastCenter = new ToastCenter(() => this.emit('toasts'));
  private schema: Promise<JsonObject> | undefined;
  /** Set by the shell: opens (or focuses) an editor tab. */
  openEditor: (tab: EditorTab) => void = () => undefined;
  /** Set by the shell: closes an editor tab. */
  closeEditor: (id: string) => void = () => undefined;
  /** Set by the shell: shows a side bar view by id. */
  showView: (id: string) => void = () => undefined;

  constructor(readonly api: ApiClient, readonly events: EventStream) {
    events.onEvent((event) => this.apply(event));
    events.onStateChange((_state, reconnected) => {
      this.emit('connection');
      if (reconnected) this.refreshAll();
    });
  }

  /** The composed config schema, fetched once and again after plugins changed (their contributions are in it). */
  configSchema(): Promise<JsonObject> {
    const fetched = this.schema ?? this.api.configSchema();
    this.schema = fetched;
    fetched.catch(() => (this.schema = undefined));
    return fetched;
  }

  get connection(): ConnectionState {
    return this.events.state;
  }

  get toasts(): readonly Toast[] {
    return this.toastCenter.toasts;
  }

  can(role: Role): boolean {
    return ROLE_RANK[this.role] >= ROLE_RANK[role];
  }

  subscribe(topic: Topic, listener: () => void): () => void {
    let set = this.listeners.get(topic);
    if (!set) this.listeners.set(topic, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  emit(topic: Topic): void {
    for (const listener of this.listeners.get(topic) ?? []) listener();
  }

  get runningJobs(): LiveJob[] {
    return [...this.jobs.values()].filter((j) => j.job.status === 'running' || j.job.status === 'queued');
  }

  trackJob(job: JobDto): LiveJob {
    const live = this.jobs.get(job.id);
    if (live) {
      if (live.job.status !== job.status) live.log.push(statusLine(job));
      live.job = job;
      return live;
    }
    const created: LiveJob = { job, log: [] };
    this.jobs.set(job.id, created);
    return created;
  }

  /** A job started from this page: tracked at once, and its tab shows its progress and log live. */
  started(job: JobDto): LiveJob {
    const live = this.trackJob(job);
    live.heardFromStart = true;
    this.emit('jobs');
    return live;
  }

  /** Job history (newest first from the server, in pages the server allows) merged with what events already told us. */
  async loadJobs(max = 10_000, pageSize = 1000): Promise<void> {
    for (let offset = 0; offset < max;) {
      const page = await this.attempt('Loading jobs', () => this.api.jobs({ limit: Math.min(pageSize, max - offset), offset }));
      if (!page) return;
      for (const job of page.items) {
        const live = this.jobs.get(job.id);
        // A finished event may have arrived while the list was in flight: keep the newer status.
        if (!live || live.job.status === 'queued' || live.job.status === 'running') this.trackJob(job);
      }
      offset += page.items.length;
      this.emit('jobs');
      if (page.items.length === 0 || (page.total !== undefined && offset >= page.total)) return;
    }
  }

  /** Resolves when the job ends: from events, with a slow poll in case the event stream reconnected meanwhile. */
  waitForJob(id: string): Promise<JobDto> {
    return new Promise((resolve) => {
      const done = (job: JobDto | undefined): boolean => !!job && !['queued', 'running'].includes(job.status);
      const finish = (job: JobDto): void => {
        off();
        clearInterval(poll);
        resolve(job);
      };
      const off = this.subscribe('jobs', () => {
        const job = this.jobs.get(id)?.job;
        if (job && done(job)) finish(job);
      });
      const poll = setInterval(() => void this.api.job(id).then((job) => {
        if (done(job)) {
          this.trackJob(job);
          this.emit('jobs');
        }
      }, () => undefined), 2000);
    });
  }

  /** `key` names what the toast is about: the same key replaces it, and `resolve(key)` clears a stale error. */
  notify(severity: ToastSeverity, message: string, key?: string): void {
    this.toastCenter.notify(severity, message, key);
  }

  resolve(key: string): void {
    this.toastCenter.resolve(key);
  }

  dismiss(id: number): void {
    this.toastCenter.dismiss(id);
  }

  /**
   * Runs an API call, turning failures into an error toast (one per `what`, cleared by its next success); resolves to
   * undefined on failure. A server that cannot be reached is shown by the connection indicator, not by toasts.
   */
  async attempt<T>(what: string, call: () => Promise<T>): Promise<T | undefined> {
    try {
      const result = await call();
      this.resolve(what);
      return result;
    } catch (error) {
      if (!(error instanceof ApiError)) {
        this.events.lost();
        return undefined;
      }
      this.notify('error', `${what} failed (${error.status}): ${error.message}`, what);
      return undefined;
    }
  }

  /** `attempt` for calls whose answer does not matter (204): true when it went through. */
  async succeeded(what: string, call: () => Promise<unknown>): Promise<boolean> {
    let ok = false;
    await this.attempt(what, async () => {
      await call();
      ok = true;
    });
    return ok;
  }

  registerCommand(command: Command): void {
    this.commands.set(command.id, command);
    this.emit('commands');
  }

  unregisterCommands(match: (id: string) => boolean): void {
    for (const id of [...this.commands.keys()]) if (match(id)) this.commands.delete(id);
    this.emit('commands');
  }

  private refreshAll(): void {
    for (const topic of DATA_TOPICS) this.emit(topic);
    void this.loadJobs();
  }

  private apply(event: ServerEvent): void {
    switch (event.type) {
      case 'job.queued':
      case 'job.changed':
      case 'job.finished': {
        const { job } = event as { job: JobDto };
        if (!job?.id) return;
        const known = this.jobs.has(job.id);
        const live = this.trackJob(job);
        if (!known) {
          live.log.push(statusLine(job));
          live.heardFromStart = event.type === 'job.queued';
        }
        if (event.type === 'job.finished') {
          const key = `${job.kind}:${job.plan ?? job.repository}`;
          if (job.status === 'succeeded') {
            this.resolve(key);
            this.notify(job.error ? 'warning' : 'info', `${job.kind} ${job.plan ?? job.repository}: ${job.status}${job.error ? ` — ${job.error}` : ''}`);
          } else this.notify('error', `${job.kind} ${job.plan ?? job.repository}: ${job.status}${job.error ? ` — ${job.error}` : ''}`, key);
          this.emit('snapshots');
        }
        this.emit('jobs');
        return;
      }
      case 'job.progress': {
        const { jobId, progress } = event as { jobId: string; progress: JobProgress };
        const live = this.jobs.get(jobId) ?? this.trackJob({ id: jobId, kind: 'backup', status: 'running', repository: '', queuedAt: new Date().toISOString() });
        if (live.job.status === 'queued') live.job = { ...live.job, status: 'running' };
        live.progress = laterProgress(live.progress, progress);
        const line = progressLine(live.progress);
        if (line && line !== live.lastProgressLine) {
          live.lastProgressLine = line;
          this.appendLog(live, line);
        }
        this.emit('jobs');
        return;
      }
      case 'job.log': {
        const { jobId, line } = event as { jobId: string; line: string };
        const live = this.jobs.get(jobId);
        if (!live) return;
        this.appendLog(live, line);
        this.emit('jobs');
        return;
      }
      case 'plugin.state':
        this.schema = undefined;
        this.emit('plugins');
        this.emit('views');
        return;
      case 'audit.problem':
        this.emit('audit');
        return;
      case 'config.changed':
        this.emit('config');
        this.emit('repositories');
        this.emit('plans');
        return;
      case 'plugin.message': {
        const data = (event as { data: { severity?: ToastSeverity; message?: string; pluginId?: string } }).data;
        if (data.message) this.notify(data.severity ?? 'info', `${data.pluginId ? `${data.pluginId}: ` : ''}${data.message}`);
        return;
      }
      case 'views.changed':
        this.lastViewChange = (event as { viewId?: string }).viewId;
        this.emit('views');
        return;
      default:
        return;
    }
  }

  private appendLog(live: LiveJob, line: string): void {
    live.log.push(line);
    if (live.log.length > LOG_LIMIT) live.log.splice(0, live.log.length - LOG_LIMIT);
  }
}

function statusLine(job: JobDto): string {
  return `${new Date().toLocaleTimeString()} ${job.kind} ${job.plan ?? job.repository} ${job.status}${job.error ? `: ${job.error}` : ''}`;
}
