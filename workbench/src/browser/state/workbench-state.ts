import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ApiError, type ApiClient } from '../api/api-client.js';
import type { JobDto, JobProgress, Role } from '../api/api-types.js';
import type { EventStream, ServerEvent } from '../api/event-stream.js';

export type Topic = 'jobs' | 'repositories' | 'plans' | 'snapshots' | 'plugins' | 'config' | 'views' | 'toasts' | 'commands' | 'audit';

export interface LiveJob {
  job: JobDto;
  progress?: JobProgress;
  readonly log: string[];
}

export interface Toast {
  readonly id: number;
  readonly severity: 'info' | 'warning' | 'error';
  readonly message: string;
}

export interface Command {
  readonly id: string;
  readonly title: string;
  readonly category?: string;
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
const LOG_LIMIT = 500;

/** The page's single source of live state: jobs from events, toasts, commands and the caller's role. */
export class WorkbenchState {
  readonly jobs = new Map<string, LiveJob>();
  readonly toasts: Toast[] = [];
  readonly commands = new Map<string, Command>();
  role: Role = 'viewer';
  /** The view whose data changed last (from `views.changed`), so only that view reloads. */
  lastViewChange: string | undefined;
  private readonly listeners = new Map<Topic, Set<() => void>>();
  private toastSeq = 0;
  /** Set by the shell: opens (or focuses) an editor tab. */
  openEditor: (tab: EditorTab) => void = () => undefined;
  /** Set by the shell: shows a side bar view by id. */
  showView: (id: string) => void = () => undefined;

  constructor(readonly api: ApiClient, readonly events: EventStream) {
    events.onEvent((event) => this.apply(event));
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
      live.job = job;
      return live;
    }
    const created: LiveJob = { job, log: [] };
    this.jobs.set(job.id, created);
    return created;
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

  notify(severity: Toast['severity'], message: string): void {
    const toast = { id: ++this.toastSeq, severity, message };
    this.toasts.push(toast);
    this.emit('toasts');
    // Errors stay until dismissed: a user who looked away must still be able to read them.
    if (severity !== 'error') setTimeout(() => this.dismiss(toast.id), 6000);
  }

  dismiss(id: number): void {
    const index = this.toasts.findIndex((t) => t.id === id);
    if (index >= 0) this.toasts.splice(index, 1);
    this.emit('toasts');
  }

  /** Runs an API call, turning failures into an error toast; resolves to undefined on failure. */
  async attempt<T>(what: string, call: () => Promise<T>): Promise<T | undefined> {
    try {
      return await call();
    } catch (error) {
      const status = error instanceof ApiError ? ` (${error.status})` : '';
      this.notify('error', `${what} failed${status}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  registerCommand(command: Command): void {
    this.commands.set(command.id, command);
    this.emit('commands');
  }

  private apply(event: ServerEvent): void {
    switch (event.type) {
      case 'job.queued':
      case 'job.changed':
      case 'job.finished': {
        const { job } = event as { job: JobDto };
        if (!job?.id) return;
        const live = this.trackJob(job);
        live.log.push(`${new Date().toLocaleTimeString()} ${job.kind} ${job.status}${job.error ? `: ${job.error}` : ''}`);
        if (event.type === 'job.finished') {
          this.notify(job.status === 'succeeded' ? 'info' : 'error', `${job.kind} ${job.plan ?? job.repository}: ${job.status}${job.error ? ` — ${job.error}` : ''}`);
          this.emit('snapshots');
        }
        this.emit('jobs');
        return;
      }
      case 'job.progress': {
        const { jobId, progress, line } = event as { jobId: string; progress: JobProgress; line?: string };
        const live = this.jobs.get(jobId) ?? this.trackJob({ id: jobId, kind: 'backup', status: 'running', repository: '', queuedAt: new Date().toISOString() });
        if (live.job.status === 'queued') live.job = { ...live.job, status: 'running' };
        live.progress = progress;
        const text = line ?? progress.message ?? (progress.percent !== undefined ? `${progress.percent.toFixed(1)} %${progress.filesDone !== undefined ? ` · ${progress.filesDone}/${progress.totalFiles ?? '?'} files` : ''}${progress.currentFiles?.length ? ` · ${progress.currentFiles[0]}` : ''}` : '');
        if (text) live.log.push(text);
        if (live.log.length > LOG_LIMIT) live.log.splice(0, live.log.length - LOG_LIMIT);
        this.emit('jobs');
        return;
      }
      case 'plugin.state':
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
        const data = (event as { data: { severity?: Toast['severity']; message?: string; pluginId?: string } }).data;
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
}

/** Re-renders a lit element whenever one of the given topics changes. */
export class StateController implements ReactiveController {
  private readonly unsubscribe: Array<() => void> = [];

  constructor(private readonly host: ReactiveControllerHost, private readonly state: WorkbenchState, private readonly topics: readonly Topic[], private readonly onChange?: () => void) {
    host.addController(this);
  }

  hostConnected(): void {
    for (const topic of this.topics) this.unsubscribe.push(this.state.subscribe(topic, () => (this.onChange ? this.onChange() : this.host.requestUpdate())));
  }

  hostDisconnected(): void {
    for (const off of this.unsubscribe.splice(0)) off();
  }
}
