/* global document, requestAnimationFrame -- the functions passed to page.evaluate run in the page. */
// UI benchmarks in headless Debian Chromium against the real `timelocker serve`:
// first render (navigation start → shell interactive) and switching to the Jobs view with 10,000 jobs.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { timeCommand } from './processes.mjs';
import { cliEntry } from './sides.mjs';
import { median } from './stats.mjs';

export const uiGoals = { firstRenderMs: 1500, jobsSwitchMs: 200 };

function syntheticJobs(count) {
  const start = Date.parse('2025-01-01T00:00:00Z');
  return Array.from({ length: count }, (_, i) => {
    const queuedAt = new Date(start + i * 3600_000).toISOString();
    const failed = i % 17 === 0;
    return {
      id: `job-${i}`, kind: 'backup', status: failed ? 'failed' : 'succeeded', repository: `repo-${i % 3}`, plan: `plan-${i % 5}`,
      queuedAt, startedAt: queuedAt, finishedAt: new Date(start + i * 3600_000 + 60_000).toISOString(),
      summary: { durationSeconds: 30 + (i % 50), dataAdded: 1_000_000 + i * 10 }, ...(failed ? { error: 'synthetic failure' } : {}),
    };
  });
}

async function startServer(env) {
  const child = spawn(process.execPath, [cliEntry, 'serve', '--no-open', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const url = await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => { out += d; const m = /https?:\/\/\S+token=\S+/.exec(out); if (m) resolve(m[0]); });
    child.stderr.on('data', (d) => (out += d));
    child.once('exit', (code) => reject(new Error(`timelocker serve exited with ${code}: ${out}`)));
  });
  return { url, stop: () => new Promise((resolve) => { child.once('exit', resolve); child.kill('SIGINT'); }) };
}

/**
 * `runs` fresh page loads. The job list (GET /api/v1/jobs) is answered in the browser with `jobCount` synthetic jobs:
 * the figure is the UI's cost of showing them, not the catalog's.
 */
export async function benchUi({ workDir, runs = 5, jobCount = 10_000, log = () => undefined }) {
  const dir = join(workDir, 'ui');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'config'), { recursive: true });
  const env = { ...process.env, TIMELOCKER_CONFIG: join(dir, 'config', 'timelocker.json'), TIMELOCKER_DATA_DIR: join(dir, 'data') };
  // A viewer token: admins on an empty config get the first-run wizard instead of the shell. The privacy notice is
  // accepted here once, as a returning user has: the figure is the shell's render, not the first-run notice.
  const created = await timeCommand(process.execPath, [cliEntry, '--accept-privacy-notice', 'token', 'create', 'bench', '--role', 'viewer', '--json'], { env, captureStdout: true });
  const viewerToken = JSON.parse(created.stdout).token;
  const server = await startServer(env);
  const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1400, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const body = JSON.stringify({ items: syntheticJobs(jobCount), total: jobCount });
  const firstRender = [];
  const jobsSwitch = [];
  try {
    const url = `${new URL('/', server.url)}?token=${viewerToken}`;
    for (let run = 0; run <= runs; run++) {
      const page = await context.newPage();
      await page.route('**/api/v1/jobs?*', (route) => route.fulfill({ status: 200, contentType: 'application/json', body }));
      await page.goto(url);
      await page.waitForSelector('tl-shell');
      await page.waitForFunction(() => performance.getEntriesByName('timelocker-ready').length > 0);
      const ready = await page.evaluate(() => performance.getEntriesByName('timelocker-ready')[0].startTime);
      await page.waitForLoadState('networkidle');
      // Click → the virtual list has painted its rows: timed inside the page, up to the frame after the render.
      const switchMs = await page.evaluate(async (count) => {
        const shell = document.querySelector('tl-workbench').shadowRoot.querySelector('tl-shell');
        const t0 = performance.now();
        shell.shadowRoot.querySelector('nav.activity button[data-view="jobs"]').click();
        for (;;) {
          await new Promise((r) => requestAnimationFrame(() => r()));
          const list = shell.shadowRoot.querySelector('tl-jobs-view')?.shadowRoot?.querySelector('tl-virtual-list');
          if (list?.items?.length === count && list.shadowRoot.querySelectorAll('.row').length > 0) return performance.now() - t0;
        }
      }, jobCount);
      // The first load warms the HTTP cache and the server; it is not counted.
      if (run > 0) {
        firstRender.push(ready);
        jobsSwitch.push(switchMs);
      }
      await page.close();
    }
  } finally {
    await context.close();
    await server.stop();
  }
  const result = { firstRenderMs: median(firstRender), jobsSwitchMs: median(jobsSwitch), runs, jobCount };
  log(`UI first render ${result.firstRenderMs.toFixed(0)} ms, switch to Jobs (${jobCount} jobs) ${result.jobsSwitchMs.toFixed(1)} ms`);
  return result;
}
