/** One server-sent event as received, with the time it arrived. */
export interface ReceivedEvent {
  readonly event: string;
  readonly data: Record<string, unknown>;
  readonly at: number;
}

/** Reads `/api/v1/events` with fetch (Node 20 has no EventSource) and hands every named event to `onEvent`. */
export interface OpenEventStream {
  close(): void;
  /** Resolves with the time the server ended the stream (or the client closed it). */
  readonly ended: Promise<number>;
}

export async function openEventStream(url: string, onEvent: (event: ReceivedEvent) => void): Promise<OpenEventStream> {
  const controller = new AbortController();
  const response = await fetch(url, { signal: controller.signal, headers: { accept: 'text/event-stream' } });
  if (response.status !== 200 || !response.body) throw new Error(`event stream answered ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const ended = (async () => {
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return Date.now();
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.+)$/m.exec(frame)?.[1];
        const data = /^data: (.+)$/m.exec(frame)?.[1];
        if (event && data) onEvent({ event, data: JSON.parse(data) as Record<string, unknown>, at: Date.now() });
      }
    }
  })();
  return { close: () => controller.abort(), ended };
}
