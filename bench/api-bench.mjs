// REST API under load: 50 clients reading /api/v1/status (autocannon) plus one SSE stream each, during a running backup.
/* global fetch, AbortController, TextDecoderStream -- Node 20 provides them */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { serve, stopServe } from './serve-process.mjs';
import { cliEntry as bin } from './sides.mjs';

async function openStream(url, counter) {
  const controller = new AbortController();
  const response = await fetch(url, { signal: controller.signal });
  if (response.status !== 200) throw new Error(`SSE answered ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ done: true }));
      if (done) return;
      counter.progress += (value.match(/event: job\.progress/g) ?? []).length;
    }
  })();
  return () => controller.abort();
}

/** Returns p99/p50 latency of status reads, request and error counts, and the progress events the streams saw. */
export async function benchApi({ workDir, clients = 50, durationS = 8, path = '/api/v1/status', log = console.log }) {
  const dir = join(workDir, 'api-bench');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'source'), { recursive: true });
  for (let i = 0; i < 24; i++) writeFileSync(join(dir, 'source', `blob-${i}.bin`), randomBytes(1024 * 1024));
  const env = { ...process.env, TIMELOCKER_CONFIG: join(dir, 'timelocker.json'), TIMELOCKER_DATA_DIR: join(dir, 'data'), TIMELOCKER_PASSWORD: 'bench password' };
  const tl = (...args) => execFileSync(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  tl('repo', 'add', 'bench', '--backend', 'local', '--path', join(dir, 'repo'), '--password-env', 'TIMELOCKER_PASSWORD');
  tl('repo', 'init', 'bench');
  tl('plan', 'add', 'bench', '--repo', 'bench', '--path', join(dir, 'source'));
  // A throttled upload keeps the backup running for the whole measurement.
  const config = JSON.parse(readFileSync(env.TIMELOCKER_CONFIG, 'utf8'));
  writeFileSync(env.TIMELOCKER_CONFIG, JSON.stringify({ ...config, limits: { uploadKiBps: 2048 } }, null, 2));
  const viewer = JSON.parse(tl('token', 'create', 'bench-viewer', '--role', 'viewer', '--json')).token;
  const server = await serve(env);
  const counter = { progress: 0 };
  const closers = [];
  try {
    for (let i = 0; i < clients; i++) closers.push(await openStream(new URL(`/api/v1/events?access_token=${viewer}`, server.url), counter));
    const started = await fetch(new URL('/api/v1/jobs', server.url), {
      method: 'POST', headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'backup', plan: 'bench' }),
    });
    if (started.status !== 202) throw new Error(`backup did not start: ${started.status} ${await started.text()}`);
    const job = await started.json();
    const result = await autocannon({
      url: new URL(path, server.url).href, connections: clients, duration: durationS,
      headers: { authorization: `Bearer ${viewer}` },
    });
    const status = await (await fetch(new URL(`/api/v1/jobs/${job.id}`, server.url), { headers: { authorization: `Bearer ${viewer}` } })).json();
    const errors = result.errors + result.timeouts + result.non2xx;
    log(`api: ${result.requests.total} status reads by ${clients} clients, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ${errors} errors; ${counter.progress} progress events over ${clients} streams; backup ${status.status} at the end`);
    return { clients, requests: result.requests.total, p50Ms: result.latency.p50, p99Ms: result.latency.p99, errors, progressEvents: counter.progress, backupStatus: status.status };
  } finally {
    for (const close of closers) close();
    await stopServe(server);
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await benchApi({ workDir: fileURLToPath(new URL('./work', import.meta.url)) });
  console.log(JSON.stringify(result));
}
