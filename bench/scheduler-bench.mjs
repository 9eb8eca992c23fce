import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Cron } from 'croner';
import { cliEntry, repoRoot } from './sides.mjs';
import { median } from './stats.mjs';

export const SCHEDULER_PLANS = 1000;
export const IDLE_SAMPLE_MS = 10_000;

/** A spread of realistic schedules: none of them due during the idle sample. */
function scheduleFor(i) {
  const forms = [`${i % 60} ${i % 24} * * *`, `${i % 60} ${i % 24} * * ${i % 7}`, `${i % 60} ${i % 24} ${1 + (i % 28)} * *`, '@weekly', '@monthly'];
  return forms[i % forms.length];
}

function cpuTicks(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // proc(5): utime and stime are fields 14 and 15 (fields[0] is field 3).
  return Number(fields[11]) + Number(fields[12]);
}

const CLOCK_TICKS = 100;

/**
 * `timelocker scheduler run` with 1,000 scheduled plans: idle CPU of the scheduler process over ~10 s
 * (/proc utime+stime) beside an idle bare node process over the same window, and the time to compute the next run
 * of every plan in-process (PlanSchedule) beside croner alone.
 */
export async function benchScheduler({ workDir, log }) {
  const dir = join(workDir, 'scheduler');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'source'), { recursive: true });
  const plans = {};
  for (let i = 0; i < SCHEDULER_PLANS; i++) plans[`plan-${i}`] = { repository: 'bench', paths: [join(dir, 'source')], schedule: scheduleFor(i) };
  const configFile = join(dir, 'timelocker.json');
  writeFileSync(configFile, JSON.stringify({ repositories: { bench: { backend: 'local', path: join(dir, 'repo') } }, plans }));

  const { PlanSchedule } = await import(join(repoRoot, 'workbench/dist/node/scheduler/plan-schedule.js'));
  const schedules = Object.values(plans).map((p) => new PlanSchedule(p.schedule));
  // Baseline: croner alone, with the options PlanSchedule gives it.
  const crons = Object.values(plans).map((p) => new Cron(p.schedule, { paused: true, mode: '5-or-6-parts' }));
  const now = new Date();
  schedules.forEach((s) => s.nextAfter(now)); // warm-up: JIT, not part of the figure
  crons.forEach((c) => c.nextRun(now));
  const samples = [];
  const cronSamples = [];
  for (let run = 0; run < 7; run++) {
    let started = performance.now();
    for (const schedule of schedules) schedule.nextAfter(now);
    samples.push(performance.now() - started);
    started = performance.now();
    for (const cron of crons) cron.nextRun(now);
    cronSamples.push(performance.now() - started);
  }
  const nextRunMs = median(samples);
  const cronNextRunMs = median(cronSamples);

  const env = { ...process.env, TIMELOCKER_CONFIG: configFile, TIMELOCKER_DATA_DIR: join(dir, 'data') };
  const child = spawn(process.execPath, [cliEntry, 'scheduler', 'run'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  // Baseline for idle CPU: a bare node process that idles over the same window.
  const idleNode = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 600000)'], { stdio: 'ignore' });
  try {
    const scheduled = await new Promise((resolve, reject) => {
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (d) => {
        out += d;
        const ready = /Scheduler running with (\d+) scheduled plan/.exec(out);
        if (ready) resolve(Number(ready[1]));
      });
      child.on('exit', (code) => reject(new Error(`scheduler exited early (${code})`)));
    });
    // Let start-up work (plugin host, catalog writes) settle before sampling idle time.
    await new Promise((r) => setTimeout(r, 2_000));
    const before = cpuTicks(child.pid);
    const idleBefore = cpuTicks(idleNode.pid);
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, IDLE_SAMPLE_MS));
    const elapsedMs = performance.now() - t0;
    const percent = (ticks) => ((ticks / CLOCK_TICKS) * 1000 / elapsedMs) * 100;
    const cpuPercent = percent(cpuTicks(child.pid) - before);
    const nodeCpuPercent = percent(cpuTicks(idleNode.pid) - idleBefore);
    log(`scheduler: ${scheduled} plans, idle CPU ${cpuPercent.toFixed(2)} % (idle node ${nodeCpuPercent.toFixed(2)} %), next run of all plans ${nextRunMs.toFixed(1)} ms (croner alone ${cronNextRunMs.toFixed(1)} ms)`);
    return { plans: scheduled, idleCpuPercent: cpuPercent, nodeCpuPercent, nextRunMs, cronNextRunMs, goals: { idleCpuPercent: 1, nextRunMs: 50 } };
  } finally {
    child.kill('SIGTERM');
    idleNode.kill('SIGTERM');
    await Promise.all([child, idleNode].map((p) => new Promise((r) => (p.exitCode !== null || p.signalCode !== null ? r() : p.once('close', r)))));
  }
}
