/**
 * Mocha root-hook plugin (`mocha --require test/dist/support/leak-check.js`): every test file must stop what it
 * started. Mocha runs without `--exit`, but in `--parallel` mode its pool kills the worker processes at the end, so a
 * server, child process, socket or timer left running by a file would still go unnoticed; this check makes it fail.
 *
 * Root hooks run once per file in a parallel worker (once per run in serial mode). Before the file's first test
 * the ref'd resources of the process are counted (the worker's own IPC pipe and stdio among them); after its last
 * `after` hook the check waits up to LEAK_DEADLINE_MS for the count to drop back to that baseline (a killed child
 * is reaped, a closed socket finishes closing) and fails naming what is still open. Unref'd handles and timers do not
 * keep a process alive and are not counted; the check never waits when nothing is open.
 */
import { pollUntil } from '@timelocker/plugin-api/testing';
import type { Context, Suite } from 'mocha';

const LEAK_DEADLINE_MS = 2_000;
const POLL_INTERVAL_MS = 10;

/** An object `process._getActiveHandles()` returns: a socket, server, child process, watcher, … */
interface ActiveHandle {
  hasRef?(): boolean;
  readonly constructor: { readonly name: string };
}

interface ProcessWithHandles {
  _getActiveHandles?(): ActiveHandle[];
}

interface Baseline {
  readonly counts: ReadonlyMap<string, number>;
  readonly handles: ReadonlySet<ActiveHandle>;
}

let baseline: Baseline | undefined;

function countResources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const type of process.getActiveResourcesInfo()) counts.set(type, (counts.get(type) ?? 0) + 1);
  return counts;
}

function activeHandles(): ActiveHandle[] {
  return ((process as ProcessWithHandles)._getActiveHandles?.() ?? []).filter((handle) => handle.hasRef?.() ?? true);
}

/** Resource types open now beyond the baseline, e.g. `["Timeout ×1", "ProcessWrap ×2"]`. */
function surplus(before: ReadonlyMap<string, number>): string[] {
  const extra: string[] = [];
  for (const [type, count] of countResources()) {
    const more = count - (before.get(type) ?? 0);
    if (more > 0) extra.push(`${type} ×${more}`);
  }
  return extra;
}

/** What a leaked handle is, in words a reader can trace back to the test: the command, the port, the peer. */
function describeHandle(handle: ActiveHandle): string {
  const record = handle as unknown as Record<string, unknown>;
  const name = handle.constructor.name;
  if (Array.isArray(record['spawnargs'])) return `${name} ${(record['spawnargs'] as string[]).join(' ')} (pid ${String(record['pid'])})`;
  if (typeof record['address'] === 'function') {
    const address = (record['address'] as () => unknown).call(handle);
    if (address && typeof address === 'object' && 'port' in address) return `${name} on port ${String(address.port)}`;
    if (typeof address === 'string') return `${name} on ${address}`;
  }
  if (typeof record['remotePort'] === 'number') return `${name} to ${String(record['remoteAddress'])}:${record['remotePort']}`;
  return name;
}

function filesOf(suite: Suite | undefined): string {
  const files = new Set<string>();
  for (const child of [...(suite?.suites ?? []), ...(suite?.tests ?? [])]) if (child.file) files.add(child.file);
  return files.size ? [...files].join(', ') : 'the test run';
}

/**
 * Both hooks are async, so each runs beside the one timeout timer mocha keeps for an async hook: counted once on each
 * side, it cancels out. Mocha arms that timer when the hook returns its promise, so counts are taken after an await.
 */
async function mochaArmedItsHookTimer(): Promise<void> {
  await Promise.resolve();
}

export const mochaHooks = {
  async beforeAll(): Promise<void> {
    await mochaArmedItsHookTimer();
    baseline = { counts: countResources(), handles: new Set(activeHandles()) };
  },
  async afterAll(this: Context): Promise<void> {
    if (!baseline) return;
    const before = baseline;
    await mochaArmedItsHookTimer();
    // Room for the wait and the report under a short --timeout (0 means no timeout).
    if (this.timeout() > 0 && this.timeout() < 2 * LEAK_DEADLINE_MS) this.timeout(2 * LEAK_DEADLINE_MS);
    try {
      await pollUntil('the resources opened by the tests to close', () => surplus(before.counts).length === 0, LEAK_DEADLINE_MS, POLL_INTERVAL_MS);
    } catch {
      const handles = activeHandles().filter((handle) => !before.handles.has(handle)).map(describeHandle);
      const details = handles.length ? ` (${handles.join('; ')})` : '';
      throw new Error(
        `${filesOf(this.test?.parent)} left ${surplus(before.counts).join(', ')}${details} open ${LEAK_DEADLINE_MS} ms after its ` +
        'last test: stop what a test starts in its after/afterEach hook, or unref it in product code if it must not keep a process alive.',
      );
    }
  },
};
