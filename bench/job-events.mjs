/* global fetch, AbortController, TextDecoder -- Node 20 provides them */

/**
 * Follows a running workbench's jobs the way its UI does: one server-sent event stream (`GET /api/v1/events`) for
 * the whole benchmark, so waiting for a job costs the server one frame instead of a request per poll.
 * `finished(id)` resolves with the job's `job.finished` payload, also when it came before the call.
 */
export async function followJobs(server) {
  const ended = new Map();
  const waiting = new Map();
  const abort = new AbortController();
  const response = await fetch(new URL('/api/v1/events', server.url), { headers: { authorization: `Bearer ${server.token}` }, signal: abort.signal });
  if (response.status !== 200) throw new Error(`GET /api/v1/events answered ${response.status}`);
  const reading = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body) {
      buffer += decoder.decode(chunk, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (/^event: (.*)$/m.exec(frame)?.[1] !== 'job.finished') continue;
        const job = JSON.parse(/^data: (.*)$/m.exec(frame)[1]);
        ended.set(job.id, job);
        waiting.get(job.id)?.(job);
      }
    }
  })().catch(() => {
    // the stream ends when the server stops or close() aborts it
  });
  return {
    finished: (id) => ended.has(id) ? Promise.resolve(ended.get(id)) : new Promise((resolve) => waiting.set(id, resolve)),
    async close() {
      abort.abort();
      await reading;
    },
  };
}
