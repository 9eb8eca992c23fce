import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';

/**
 * Runs a command to completion and returns its wall time in ms (spawn to exit), measured in this process
 * so both sides of a comparison pay the same process-creation cost. Rejects on a non-zero exit. `onSpawn(pid)` is
 * called once the process exists.
 */
export function timeCommand(command, args, { env, cwd, captureStdout = false, onSpawn } = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { env, cwd, stdio: ['ignore', captureStdout ? 'pipe' : 'ignore', 'pipe'] });
    onSpawn?.(child.pid);
    const stdout = [];
    const stderr = [];
    child.stdout?.on('data', (chunk) => stdout.push(chunk));
    child.stderr.on('data', (chunk) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) {
        const why = signal ?? `exit ${code}`;
        reject(new Error(`${command} ${args.join(' ')} failed (${why}): ${Buffer.concat(stderr).toString().trim()}`));
        return;
      }
      resolve({ ms, stdout: Buffer.concat(stdout).toString() });
    });
  });
}

/** Runs a probe script that prints exactly one JSON object on stdout, and returns it parsed. */
export async function runJsonProbe(script, args = [], env = process.env) {
  const { stdout } = await timeCommand(process.execPath, [script, ...args], { env, captureStdout: true });
  return JSON.parse(stdout.trim().split('\n').pop());
}

/** The fields of /proc/PID/status (Linux only), or undefined if the process is gone. */
async function procStatus(pid) {
  const text = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => undefined);
  return text && Object.fromEntries(text.split('\n').map((line) => line.split(/:\s+/, 2)).filter(([key]) => key));
}

/** A `NNN kB` field of /proc/PID/status in bytes, or undefined. */
const kbField = (status, field) => (status?.[field] ? Number.parseInt(status[field], 10) * 1024 : undefined);

/** Resident set size in bytes of a running process, from /proc (Linux only), or undefined if it is gone. */
export async function readRssBytes(pid) {
  return kbField(await procStatus(pid), 'VmRSS');
}

/** Direct children of `pid` (Linux only); none once it is gone. */
export async function childPids(pid) {
  const tasks = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '');
  return tasks.trim().split(/\s+/).filter(Boolean).map(Number);
}

/**
 * Follows a running process and its children until `stop()`: each one's peak RSS (VmHWM only grows, so the last
 * reading before a process ends is its peak but for the last `everyMs`). Resolves with { self, children: [{ name, bytes }] }.
 */
export function followPeakMemory(pid, everyMs = 20) {
  const children = new Map();
  let self = 0;
  let stopped = false;
  const sample = async () => {
    self = Math.max(self, kbField(await procStatus(pid), 'VmHWM') ?? 0);
    for (const child of await childPids(pid)) {
      const status = await procStatus(child);
      const bytes = kbField(status, 'VmHWM');
      if (bytes !== undefined) children.set(child, { name: status.Name, bytes });
    }
  };
  const loop = (async () => {
    while (!stopped) {
      await sample();
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return { self, children: [...children.values()] };
    },
  };
}
