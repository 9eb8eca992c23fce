import type { JobDto, JobProgress, JsonValue } from './api-types.js';

export type ServerEvent =
  | { readonly type: 'job.queued' | 'job.changed' | 'job.finished'; readonly job: JobDto }
  | { readonly type: 'job.progress'; readonly jobId: string; readonly progress: JobProgress; readonly line?: string }
  | { readonly type: 'job.log'; readonly jobId: string; readonly line: string; readonly time?: string }
  | { readonly type: 'plugin.state'; readonly data: JsonValue }
  | { readonly type: 'config.changed'; readonly data: JsonValue }
  | { readonly type: 'views.changed'; readonly viewId?: string; readonly data: JsonValue }
  | { readonly type: string; readonly viewId?: string; readonly data: JsonValue };

/** `connected` once the stream is open; `unauthorized` when the server is back but no longer knows this page's token. */
export type ConnectionState = 'connecting' | 'connected' | 'disconnected' | 'unauthorized';

/** What a probe of the server found: it answers, it answers but refuses the token, or nothing answers. */
export type ProbeResult = 'ok' | 'unauthorized' | 'down';

const NAMES = ['job.queued', 'job.changed', 'job.progress', 'job.log', 'job.finished', 'plugin.state', 'plugin.message', 'config.changed', 'views.changed'];
/** How often a lost server is probed; a restarted one is noticed within this. */
const PROBE_MS = 1000;

type Payload = Record<string, JsonValue | undefined>;

/** Servers put the payload either flat or under `data`/`job`; normalize so views read one shape. */
export function normalizeEvent(type: string, raw: Payload): ServerEvent {
  const inner = (raw['data'] && typeof raw['data'] === 'object' && !Array.isArray(raw['data']) ? raw['data'] : raw) as Payload;
  if (type === 'job.progress') {
    const progress = (inner['progress'] ?? inner) as Payload;
    const fraction = progress['percentDone'];
    const percent = typeof progress['percent'] === 'number' ? progress['percent'] : typeof fraction === 'number' ? fraction * 100 : undefined;
    return {
      type,
      jobId: String(inner['jobId'] ?? inner['id'] ?? (inner['job'] as Payload | undefined)?.['id'] ?? ''),
      progress: { ...(progress as JobProgress), percent },
      line: typeof inner['line'] === 'string' ? inner['line'] : undefined,
    };
  }
  if (type === 'job.log') {
    return { type, jobId: String(inner['jobId'] ?? ''), line: String(inner['line'] ?? ''), ...(typeof inner['time'] === 'string' ? { time: inner['time'] } : {}) };
  }
  if (type.startsWith('job.')) return { type: type as 'job.queued', job: (inner['job'] ?? inner) as unknown as JobDto };
  return { type, viewId: typeof inner['viewId'] === 'string' ? inner['viewId'] : undefined, data: inner as JsonValue };
}

/**
 * Server-sent events (EventSource cannot send headers, so the token goes in the query) plus the connection state: a
 * dropped stream is noticed at once, the server is then probed every second, and the stream reopens when it answers.
 */
export class EventStream {
  private source: EventSource | undefined;
  private probeTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<(event: ServerEvent) => void>();
  private readonly stateListeners = new Set<(state: ConnectionState, reconnected: boolean) => void>();
  private everConnected = false;
  private lostSinceConnected = false;
  state: ConnectionState = 'connecting';

  constructor(private readonly url: string, private readonly probe: () => Promise<ProbeResult>) {}

  get connected(): boolean {
    return this.state === 'connected';
  }

  open(): void {
    this.source?.close();
    const source = new EventSource(this.url);
    this.source = source;
    source.onopen = () => {
      const reconnected = this.everConnected && this.lostSinceConnected;
      this.everConnected = true;
      this.lostSinceConnected = false;
      this.setState('connected', reconnected);
    };
    source.onerror = () => this.lost();
    source.onmessage = (message) => this.dispatch(undefined, message.data as string);
    for (const name of NAMES) source.addEventListener(name, (message) => this.dispatch(name, (message as MessageEvent<string>).data));
  }

  /** The stream dropped, or a request could not reach the server: probe until it answers. */
  lost(): void {
    if (this.state === 'unauthorized' || this.probeTimer !== undefined) return;
    this.source?.close();
    this.source = undefined;
    this.lostSinceConnected = true;
    this.setState('disconnected', false);
    this.schedule(0);
  }

  onEvent(listener: (event: ServerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** `reconnected` is true when the stream came back after a loss: what was shown may be out of date. */
  onStateChange(listener: (state: ConnectionState, reconnected: boolean) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  close(): void {
    clearTimeout(this.probeTimer);
    this.source?.close();
  }

  private schedule(delay: number): void {
    this.probeTimer = setTimeout(() => void this.probeOnce(), delay);
  }

  private async probeOnce(): Promise<void> {
    const result = await this.probe().catch((): ProbeResult => 'down');
    this.probeTimer = undefined;
    if (result === 'ok') this.open();
    else if (result === 'unauthorized') this.setState('unauthorized', false);
    else this.schedule(PROBE_MS);
  }

  private setState(state: ConnectionState, reconnected: boolean): void {
    if (state === this.state && !reconnected) return;
    this.state = state;
    for (const listener of this.stateListeners) listener(state, reconnected);
  }

  private dispatch(name: string | undefined, data: string): void {
    let raw: Payload;
    try { raw = JSON.parse(data) as Payload; } catch { return; }
    const type = name ?? (typeof raw['type'] === 'string' ? raw['type'] : undefined);
    if (!type) return;
    const event = normalizeEvent(type, raw);
    for (const listener of this.listeners) listener(event);
  }
}
