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

/** Resident set size in bytes of a running process, from /proc (Linux only), or undefined if it is gone. */
export async function readRssBytes(pid) {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return kb ? Number(kb[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** A process's name and peak RSS in bytes (VmHWM) from /proc (Linux only), or undefined if it is gone. */
async function peakOf(pid) {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
    return kb ? { name: /^Name:\s+(\S+)/m.exec(status)?.[1] ?? '?', bytes: Number(kb[1]) * 1024 } : undefined;
  } catch {
    return undefined;
  }
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
    const own = await peakOf(pid);
    if (own) self = Math.max(self, own.bytes);
    const list = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '');
    for (const child of list.split(' ').filter(Boolean)) {
      const peak = await peakOf(child);
      if (peak) children.set(child, peak);
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
