import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { KernelOptions } from '../core/kernel-options.js';
import { LogServiceImpl } from '../core/log-service-impl.js';
import { CatalogServiceImpl } from './catalog-service-impl.js';

export function kernelOptionsFor(dataDir: string): KernelOptions {
  return { configFile: join(dataDir, 'timelocker.json'), dataDir, builtinPluginsDir: dataDir, extraPluginDirs: [], actor: 'test' };
}

export function newCatalog(dataDir: string): { catalog: CatalogServiceImpl; log: LogServiceImpl } {
  const options = kernelOptionsFor(dataDir);
  const log = new LogServiceImpl(options);
  return { catalog: new CatalogServiceImpl(options, log), log };
}

export async function tempDataDir(): Promise<{ dir: string; dispose: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'timelocker-catalog-'));
  return { dir, dispose: () => rm(dir, { recursive: true, force: true }) };
}

export interface Writer {
  readonly child: ChildProcess;
  /** Ids whose write had resolved (so was on disk) when the child printed them. */
  readonly committed: string[];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  onCommit(listener: (count: number) => void): void;
}

/** Runs catalog-writer.fixture.js: `count` job inserts (0 = until killed). */
export function startWriter(dataDir: string, count: number, lockStaleMs?: number): Writer {
  const fixture = fileURLToPath(new URL('./catalog-writer.fixture.js', import.meta.url));
  const args = [fixture, dataDir, String(count), ...(lockStaleMs === undefined ? [] : [String(lockStaleMs)])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const committed: string[] = [];
  const listeners: ((count: number) => void)[] = [];
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const lines = createInterface({ input: child.stdout! });
  lines.on('line', (line) => {
    const match = /^committed (\S+)$/.exec(line);
    if (!match?.[1]) return;
    committed.push(match[1]);
    for (const listener of listeners) listener(committed.length);
  });
  const stdoutClosed = new Promise<void>((resolve) => lines.on('close', resolve));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => void stdoutClosed.then(() => resolve({ code, signal, stderr }))),
  );
  return { child, committed, exited, onCommit: (listener) => listeners.push(listener) };
}

export function stopWriter(writer: Writer): void {
  if (writer.child.exitCode === null && writer.child.signalCode === null && writer.child.pid !== undefined) {
    process.kill(writer.child.pid, 'SIGKILL');
  }
}

export async function allJobIds(dataDir: string): Promise<string[]> {
  const { catalog } = newCatalog(dataDir);
  try {
    return await catalog.read((db) => db.exec('SELECT id FROM jobs')[0]?.values.map((row) => String(row[0])) ?? []);
  } finally {
    await catalog.close();
  }
}

/** The error a promise rejects with (chai 6 has no promise assertions built in). */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the promise to reject, but it resolved');
}

/** A temp data dir per suite, plus the writer processes a test starts; all stopped and removed after the suite. */
export function useWriterFixture(): { readonly dir: () => string; readonly writers: Writer[] } {
  let data: Awaited<ReturnType<typeof tempDataDir>> | undefined;
  const writers: Writer[] = [];
  before(async () => {
    data = await tempDataDir();
  });
  after(async () => {
    writers.forEach(stopWriter);
    await Promise.all(writers.map((writer) => writer.exited));
    await data?.dispose();
  });
  return { dir: () => data!.dir, writers };
}
