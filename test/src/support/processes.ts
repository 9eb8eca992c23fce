import type { ChildProcess } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';

/** A TCP port on 127.0.0.1 that was free a moment ago (bound, then released) for a server a test starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Stops a child a test started, by its pid: SIGTERM, then SIGKILL if it is still there after 5 s. */
export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => { clearTimeout(force); resolve(); });
    child.kill('SIGTERM');
  });
}

/** A process as /proc shows it (proc(5)): its state, parent, command name and arguments. */
export interface ProcEntry {
  readonly pid: number;
  readonly state: string;
  readonly ppid: number;
  readonly comm: string;
  readonly args: readonly string[];
  /** Fields 3 onwards of /proc/<pid>/stat: fields[0] is the state, fields[16] the nice value. */
  readonly fields: readonly string[];
}

/** Every process /proc lists, but this one; one that ends while it is read is left out. */
export async function listProcesses(): Promise<ProcEntry[]> {
  const entries: ProcEntry[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const [stat, cmdline] = await Promise.all([`/proc/${entry}/stat`, `/proc/${entry}/cmdline`].map((file) => readFile(file, 'utf8').catch(() => '')));
    if (!stat) continue;
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    entries.push({
      pid: Number(entry), state: fields[0]!, ppid: Number(fields[1]), comm: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
      args: cmdline!.split('\0').filter(Boolean), fields,
    });
  }
  return entries;
}

/**
 * Processes still running (zombies do not count) whose command line or environment contains `text`, as "pid command"
 * lines: what a test's data dir, profile or token is still in use by.
 */
export async function runningProcessesMentioning(text: string): Promise<string[]> {
  const found: string[] = [];
  for (const proc of await listProcesses()) {
    if (proc.state === 'Z') continue;
    const environ = await readFile(`/proc/${proc.pid}/environ`, 'utf8').catch(() => '');
    if (proc.args.some((arg) => arg.includes(text)) || environ.includes(text)) found.push(`${proc.pid} ${proc.args.join(' ')}`);
  }
  return found;
}
