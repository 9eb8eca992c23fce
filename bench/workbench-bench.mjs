// Issue 14: backups through the running workbench (POST /jobs, followed to its end as the UI follows it: by the event
// stream; beside it a client polling; `timelocker backup` handing the job to it) beside raw restic, and listings served
// from the catalog's caches (GET /api/v1/snapshots, `ls` of a folder listed once) beside raw restic.
/* global fetch -- Node 20 provides it */
import { setTimeout as delay } from 'node:timers/promises';
import { join } from 'node:path';
import { followJobs } from './job-events.mjs';
import { serve, stopServe } from './serve-process.mjs';
import { RawResticSide, TimeLockerSide } from './sides.mjs';
import { median } from './stats.mjs';

const POLL_MS = 20;

function client(server) {
  return async (method, path, body) => {
    const response = await fetch(new URL(path, server.url), {
      method, headers: { authorization: `Bearer ${server.token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (response.status >= 300) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
    return response.json();
  };
}

function succeeded(job) {
  if (job.status !== 'succeeded') throw new Error(`backup job ${job.status}: ${job.error ?? ''}`);
}

/** POST /api/v1/jobs and wait for the job's `job.finished` event; returns the wall time in ms. */
async function workbenchBackup(api, events) {
  const started = performance.now();
  const job = await api('POST', '/api/v1/jobs', { kind: 'backup', plan: 'bench' });
  succeeded(await events.finished(job.id));
  return performance.now() - started;
}

/** POST /api/v1/jobs and poll the job every POLL_MS until it is final; returns the wall time in ms. */
async function polledBackup(api) {
  const started = performance.now();
  const job = await api('POST', '/api/v1/jobs', { kind: 'backup', plan: 'bench' });
  for (;;) {
    const current = await api('GET', `/api/v1/jobs/${job.id}`);
    if (!['queued', 'running'].includes(current.status)) {
      succeeded(current);
      return performance.now() - started;
    }
    await delay(POLL_MS);
  }
}

/**
 * `timelocker backup` while the workbench runs: the CLI hands the job over its socket and follows it. Returns the wall
 * time in ms, after checking that the job really ran in the workbench (its log names the server's pid).
 */
async function cliBackupThroughWorkbench(tl, api, server) {
  const { ms, stdout } = await tl.cli(['backup', 'bench', '--json'], { captureStdout: true });
  const job = await api('GET', `/api/v1/jobs/${JSON.parse(stdout).id}`);
  if (!job.log.some((line) => line.endsWith(`started (pid ${server.child.pid})`))) throw new Error(`the CLI's backup did not run in the workbench:\n${job.log.join('\n')}`);
  return ms;
}

/** What a running workbench does after a backup (index the snapshot, sample the size) ends before the next measurement. */
async function settled(api, snapshots, deadlineMs = 300_000) {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    const [index, samples] = await Promise.all([api('GET', '/api/v1/files/index'), api('GET', '/api/v1/metrics/storage?repository=bench')]);
    if (index.find((r) => r.repository === 'bench')?.snapshots === snapshots && samples.length > 0) return;
    await delay(200);
  }
  throw new Error(`the workbench's background work after backup ${snapshots} did not end within ${deadlineMs} ms`);
}

/** Median wall time of `runs` calls of `fn` (after one unmeasured call). */
async function timed(runs, fn) {
  await fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  return { median: median(times), samples: times };
}

export async function benchWorkbench({ workDir, treeRoot, rounds, reruns, listRuns, log }) {
  const first = { tl: [], raw: [] };
  let server;
  let events;
  let tl;
  let raw;
  try {
    for (let round = 0; round < rounds; round++) {
      await events?.close();
      if (server) await stopServe(server);
      tl = new TimeLockerSide(join(workDir, 'workbench-timelocker'));
      raw = new RawResticSide(join(workDir, 'workbench-restic'));
      await tl.create(treeRoot);
      await raw.create();
      server = await serve(tl.env);
      events = await followJobs(server);
      const api = client(server);
      const sides = { tl: () => workbenchBackup(api, events), raw: async () => (await raw.backup(treeRoot)).ms };
      for (const side of round % 2 === 0 ? ['tl', 'raw'] : ['raw', 'tl']) first[side].push(await sides[side]());
      await settled(api, 1);
      log(`workbench first backup round ${round + 1}/${rounds}: timelocker ${first.tl.at(-1).toFixed(0)} ms, restic ${first.raw.at(-1).toFixed(0)} ms`);
    }
    const api = client(server);
    const rerun = { tl: [], raw: [], cli: [], polled: [] };
    for (let i = 0; i < reruns; i++) {
      const sides = {
        tl: () => workbenchBackup(api, events), raw: async () => (await raw.backup(treeRoot)).ms,
        cli: () => cliBackupThroughWorkbench(tl, api, server), polled: () => polledBackup(api),
      };
      for (const side of i % 2 === 0 ? ['raw', 'tl', 'cli', 'polled'] : ['polled', 'cli', 'tl', 'raw']) {
        rerun[side].push(await sides[side]());
        // Each TimeLocker backup is measured with the workbench's after-backup work done, as the first one.
        if (side !== 'raw') await settled(api, 1 + rerun.tl.length + rerun.cli.length + rerun.polled.length);
      }
      log(`workbench unchanged re-run ${i + 1}/${reruns}: timelocker ${rerun.tl.at(-1).toFixed(0)} ms, polled ${rerun.polled.at(-1).toFixed(0)} ms, CLI through it ${rerun.cli.at(-1).toFixed(0)} ms, restic ${rerun.raw.at(-1).toFixed(0)} ms`);
    }

    // Listings of the TimeLocker repository (both sides list the same one).
    const plain = new RawResticSide(join(workDir, 'workbench-restic-list'), tl.repoPath);
    const [latest] = await api('GET', '/api/v1/snapshots?repository=bench&latest=1');
    const rawSnapshots = await timed(listRuns, async () => plain.snapshots());
    const apiSnapshots = await timed(listRuns, () => api('GET', '/api/v1/snapshots?repository=bench'));
    const lsPath = `/api/v1/repositories/bench/snapshots/${latest.id}/ls?dir=${encodeURIComponent(treeRoot)}`;
    const rawLs = await timed(listRuns, () => plain.restic(['ls', '--json', '--no-lock', latest.id, treeRoot]));
    const apiLs = await timed(listRuns, () => api('GET', lsPath));
    await events.close();
    events = undefined;
    await stopServe(server);
    server = undefined;
    const cliSnapshots = await timed(listRuns, () => tl.snapshots());
    const cliLs = await timed(listRuns, () => tl.cli(['ls', latest.id, treeRoot, '--repo', 'bench']));
    log(`workbench listings: GET snapshots ${apiSnapshots.median.toFixed(1)} ms, GET ls ${apiLs.median.toFixed(1)} ms; CLI snapshots ${cliSnapshots.median.toFixed(0)} ms, CLI ls ${cliLs.median.toFixed(0)} ms; restic snapshots ${rawSnapshots.median.toFixed(0)} ms, restic ls ${rawLs.median.toFixed(0)} ms`);
    return {
      first: { tl: median(first.tl), raw: median(first.raw), samples: first },
      rerun: { tl: median(rerun.tl), raw: median(rerun.raw), cli: median(rerun.cli), polled: median(rerun.polled), samples: rerun },
      listings: {
        rawSnapshots: rawSnapshots.median, apiSnapshots: apiSnapshots.median, cliSnapshots: cliSnapshots.median,
        rawLs: rawLs.median, apiLs: apiLs.median, cliLs: cliLs.median,
      },
    };
  } finally {
    await events?.close();
    if (server) await stopServe(server);
  }
}
