import type { JobDto, JobProgress, JsonValue } from './api-types.js';

export type ServerEvent =
  | { readonly type: 'job.queued' | 'job.changed' | 'job.finished'; readonly job: JobDto }
  | { readonly type: 'job.progress'; readonly jobId: string; readonly progress: JobProgress; readonly line?: string }
  | { readonly type: 'plugin.state'; readonly data: JsonValue }
  | { readonly type: 'config.changed'; readonly data: JsonValue }
  | { readonly type: 'views.changed'; readonly viewId?: string; readonly data: JsonValue }
  | { readonly type: string; readonly viewId?: string; readonly data: JsonValue };

const NAMES = ['job.queued', 'job.changed', 'job.progress', 'job.finished', 'plugin.state', 'plugin.message', 'config.changed', 'views.changed'];

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
  if (type.startsWith('job.')) return { type: type as 'job.queued', job: (inner['job'] ?? inner) as unknown as JobDto };
  return { type, viewId: typeof inner['viewId'] === 'string' ? inner['viewId'] : undefined, data: inner as JsonValue };
}

/** Server-sent events; EventSource cannot send headers, so the token goes in the query (`access_token`). */
export class EventStream {
  private source: EventSource | undefined;
  private readonly listeners = new Set<(event: ServerEvent) => void>();
  connected = false;

  constructor(private readonly url: string) {}

  open(): void {
    const source = new EventSource(this.url);
    this.source = source;
    source.onopen = () => (this.connected = true);
    source.onerror = () => (this.connected = false);
    source.onmessage = (message) => this.dispatch(undefined, message.data as string);
    for (const name of NAMES) source.addEventListener(name, (message) => this.dispatch(name, (message as MessageEvent<string>).data));
  }

  onEvent(listener: (event: ServerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.source?.close();
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
