import { Disposable } from '@timelocker/plugin-api';
import { inject, injectable, optional } from 'inversify';
import { ApiTokenService } from '../api-tokens/api-token-service.js';
import { AuditHealth } from '../audit/audit-health.js';
import { ConfigService } from '../config/config-service.js';
import { LogService, type Logger } from '../core/log-service.js';
import { JobService, type JobProgress } from '../jobs/job-service.js';
import { PluginService } from '../plugins/plugin-service.js';
import { ViewRegistry } from '../plugins/view-registry.js';

/** Where one SSE client's frames go. */
export interface EventSink {
  write(frame: string): void;
  end(): void;
}

/** The bearer token a stream was opened with: the stream lives only as long as the token does. */
export interface StreamCredentials {
  readonly tokenName: string;
  readonly token: string;
}

/** Progress of one job is sent at most this often. */
const progressIntervalMs = 250;
/** restic goes quiet while a throttled upload blocks: the last state is repeated so clients hear from a job at least this often. */
const progressRepeatMs = 500;
const keepAliveMs = 15_000;
/** Tokens of open streams are verified again this often (revocation by another process, expiry). */
const recheckMs = 1_000;

/** Fans kernel events out to every connected `/api/v1/events` client as named server-sent events. */
@injectable()
export class ApiEventStream {
  private readonly sinks = new Map<EventSink, StreamCredentials | undefined>();
  private recheck: NodeJS.Timeout | undefined;
  private rechecking = false;
  private readonly subscriptions: Disposable[] = [];
  private readonly lastProgress = new Map<string, { at: number; progress: JobProgress }>();
  private repeater: NodeJS.Timeout | undefined;
  private readonly pendingProgress = new Map<string, { progress: JobProgress; timer: NodeJS.Timeout }>();
  private keepAlive: NodeJS.Timeout | undefined;
  private readonly logger: Logger;

  constructor(
    @inject(JobService) private readonly jobs: JobService,
    @inject(PluginService) private readonly plugins: PluginService,
    @inject(ConfigService) private readonly config: ConfigService,
    @inject(ViewRegistry) private readonly views: ViewRegistry,
    @inject(ApiTokenService) private readonly tokens: ApiTokenService,
    @inject(LogService) logService: LogService,
    @inject(AuditHealth) @optional() private readonly auditHealth: AuditHealth | undefined,
  ) {
    this.logger = logService.getLogger('api');
  }

  /** Subscribes to the kernel; called once by the server when it starts listening. */
  async start(): Promise<void> {
    this.subscriptions.push(
      this.jobs.onDidChangeJob((job) => {
        if (job.status === 'queued') this.publish('job.queued', job);
        else if (job.status === 'running') this.publish('job.changed', job);
      }),
      this.jobs.onDidFinishJob((job) => {
        this.flushProgress(job.id);
        this.lastProgress.delete(job.id);
        this.publish('job.finished', job);
      }),
      this.jobs.onDidReportProgress((progress) => this.onProgress(progress)),
      this.jobs.onDidAppendLog((entry) => this.publish('job.log', entry)),
      this.plugins.onDidChangePluginState((status) => this.publish('plugin.state', status)),
      this.plugins.onDidShowMessage((message) => this.publish('plugin.message', message)),
      this.views.onDidChangeTreeData((change) => this.publish('views.changed', change)),
      // Every change of the file, whoever made it (ConfigService watches it in this long-lived process).
      this.config.onDidChangeConfig((change) => this.publish('config.changed', { etag: change.hash })),
      ...(this.auditHealth ? [this.auditHealth.onDidReportProblem((problem) => this.publish('audit.problem', problem))] : []),
      this.tokens.onDidRevoke((name) => this.closeStreamsOf((credentials) => credentials.tokenName === name)),
    );
    this.keepAlive = setInterval(() => this.broadcast(': ping\n\n'), keepAliveMs);
    this.keepAlive.unref();
    this.repeater = setInterval(() => this.repeatQuietProgress(), progressIntervalMs);
    this.repeater.unref();
    this.recheck = setInterval(() => void this.recheckTokens(), recheckMs);
    this.recheck.unref();
  }

  /** Streams opened with a token end when it is revoked (at once in this process) or stops verifying (within a second). */
  attach(sink: EventSink, credentials?: StreamCredentials): Disposable {
    this.sinks.set(sink, credentials);
    sink.write('retry: 2000\n: connected\n\n');
    return new Disposable(() => this.sinks.delete(sink));
  }

  /** Tells the client why, then closes; its EventSource reconnects and is refused with 401. */
  private closeStreamsOf(matches: (credentials: StreamCredentials) => boolean): void {
    for (const [sink, credentials] of this.sinks) {
      if (!credentials || !matches(credentials)) continue;
      this.sinks.delete(sink);
      sink.write(`event: token.revoked\ndata: ${JSON.stringify({ name: credentials.tokenName })}\n\n`);
      sink.end();
    }
  }

  private async recheckTokens(): Promise<void> {
    if (this.rechecking) return;
    this.rechecking = true;
    try {
      const tokens = new Set([...this.sinks.values()].flatMap((c) => (c ? [c.token] : [])));
      for (const token of tokens) {
        try {
          if (!(await this.tokens.verify(token, { fresh: true }))) this.closeStreamsOf((credentials) => credentials.token === token);
        } catch (error) {
          // A catalog that cannot be read now is asked again next time; the stream is not dropped for it.
          this.logger.warn(`could not recheck the token of an event stream: ${(error as Error).message}`);
        }
      }
    } finally {
      this.rechecking = false;
    }
  }

  get clientCount(): number {
    return this.sinks.size;
  }

  publish(event: string, data: object): void {
    this.broadcast(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  dispose(): void {
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
    for (const pending of this.pendingProgress.values()) clearTimeout(pending.timer);
    this.pendingProgress.clear();
    if (this.keepAlive) clearInterval(this.keepAlive);
    if (this.repeater) clearInterval(this.repeater);
    if (this.recheck) clearInterval(this.recheck);
    this.lastProgress.clear();
    for (const sink of this.sinks.keys()) sink.end();
    this.sinks.clear();
  }

  private broadcast(frame: string): void {
    for (const sink of this.sinks.keys()) sink.write(frame);
  }

  private onProgress(progress: JobProgress): void {
    const pending = this.pendingProgress.get(progress.jobId);
    if (pending) {
      pending.progress = progress;
      return;
    }
    const wait = (this.lastProgress.get(progress.jobId)?.at ?? 0) + progressIntervalMs - Date.now();
    if (wait <= 0) {
      this.sendProgress(progress);
      return;
    }
    const timer = setTimeout(() => this.flushProgress(progress.jobId), wait);
    this.pendingProgress.set(progress.jobId, { progress, timer });
  }

  private flushProgress(jobId: string): void {
    const pending = this.pendingProgress.get(jobId);
    if (!pending) return;
    clearTimeout(pending.timer);
    this.pendingProgress.delete(jobId);
    this.sendProgress(pending.progress);
  }

  private repeatQuietProgress(): void {
    const now = Date.now();
    for (const [jobId, last] of this.lastProgress) {
      if (now - last.at >= progressRepeatMs && !this.pendingProgress.has(jobId)) this.sendProgress(last.progress);
    }
  }

  private sendProgress(progress: JobProgress): void {
    this.lastProgress.set(progress.jobId, { at: Date.now(), progress });
    this.publish('job.progress', { ...progress, percent: Math.round(progress.percentDone * 1000) / 10 });
  }
}
