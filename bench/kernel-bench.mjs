import { mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { runJsonProbe, timeCommand } from './processes.mjs';
import { median } from './stats.mjs';

const coldStartProbe = fileURLToPath(new URL('./cold-start-probe.mjs', import.meta.url));
const rpcProbe = fileURLToPath(new URL('./rpc-probe.mjs', import.meta.url));
export const IDLE_MS = 1000;
// The same idle wait and the same /proc reading as the kernel probe, with nothing loaded.
const idleNodeScript = `setTimeout(() => {
  const kb = /^VmRSS:\\s+(\\d+)/m.exec(require('node:fs').readFileSync('/proc/self/status', 'utf8'))[1];
  console.log(JSON.stringify({ rssBytes: Number(kb) * 1024 }));
}, ${IDLE_MS});`;

function kernelEnv(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return { ...process.env, TIMELOCKER_CONFIG: join(dir, 'timelocker.json'), TIMELOCKER_DATA_DIR: join(dir, 'data') };
}

/**
 * Kernel cold starts in fresh processes (one unmeasured run first creates the catalog, as any
 * installed kernel has one), each followed by an idle RSS reading; beside `node -e 0` start time
 * and the RSS of an idle bare node process.
 */
export async function benchKernelStart({ workDir, runs, log }) {
  const env = kernelEnv(join(workDir, 'kernel'));
  await runJsonProbe(coldStartProbe, [], env);
  const probes = [];
  const nodeStart = [];
  const nodeRss = [];
  for (let i = 0; i < runs; i++) {
    probes.push(await runJsonProbe(coldStartProbe, ['--idle-ms', String(IDLE_MS)], env));
    nodeStart.push((await timeCommand(process.execPath, ['-e', '0'])).ms);
    nodeRss.push(JSON.parse((await timeCommand(process.execPath, ['-e', idleNodeScript], { captureStdout: true })).stdout).rssBytes);
  }
  const pick = (key) => median(probes.map((p) => p[key]).filter((v) => v !== undefined));
  log(`cold start: ${probes.map((p) => p.coldStartMs.toFixed(0)).join('/')} ms; node -e 0: ${nodeStart.map((v) => v.toFixed(0)).join('/')} ms`);
  return {
    coldStartMs: pick('coldStartMs'),
    startKernelMs: pick('startKernelMs'),
    pluginHostMs: pick('pluginHostMs'),
    importMs: pick('importMs'),
    sinceProcessStartMs: pick('sinceProcessStartMs'),
    nodeStartMs: median(nodeStart),
    kernelRssBytes: pick('kernelRssBytes'),
    hostRssBytes: probes.some((p) => p.hostRssBytes) ? pick('hostRssBytes') : undefined,
    nodeRssBytes: median(nodeRss),
    runs,
  };
}

/** Plugin RPC round trip vs a bare vscode-jsonrpc echo, both measured inside one fresh probe process. */
export async function benchRpc({ workDir, calls, log }) {
  const result = await runJsonProbe(rpcProbe, [String(calls)], kernelEnv(join(workDir, 'rpc')));
  log(`rpc: validate ${result.kernel.medianUs.toFixed(1)} µs, echo ${result.echo.medianUs.toFixed(1)} µs (median of ${calls})`);
  return result;
}
