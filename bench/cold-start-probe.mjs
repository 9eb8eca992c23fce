// One kernel cold start in a fresh process; prints its timings (and, with --idle-ms N, idle RSS) as JSON.
// TIMELOCKER_CONFIG and TIMELOCKER_DATA_DIR must point at a scratch location.
import { setTimeout as sleep } from 'node:timers/promises';
import { pluginHostPids } from './host-process.mjs';
import { readRssBytes } from './processes.mjs';

const idleArg = process.argv.indexOf('--idle-ms');
const idleMs = idleArg > 0 ? Number(process.argv[idleArg + 1]) : 0;

const beforeImport = performance.now();
const { startKernel, resolveKernelOptions } = await import('../workbench/dist/node/index.js');
const { PluginService } = await import('../workbench/dist/node/plugins/plugin-service.js');
const beforeStart = performance.now();
const kernel = await startKernel(resolveKernelOptions());
const kernelStarted = performance.now();
await kernel.get(PluginService).start();
const hostReady = performance.now();

const result = {
  importMs: beforeStart - beforeImport,
  startKernelMs: kernelStarted - beforeStart,
  pluginHostMs: hostReady - kernelStarted,
  coldStartMs: hostReady - beforeStart,
  // performance.now() counts from process start, so this includes node's own boot and the imports.
  sinceProcessStartMs: hostReady,
};
if (idleMs > 0) {
  // Idle RSS is what a resting kernel holds, so let start-up garbage settle the way it would at rest.
  await sleep(idleMs);
  const [hostPid] = await pluginHostPids();
  result.kernelRssBytes = await readRssBytes(process.pid);
  result.hostRssBytes = hostPid ? await readRssBytes(hostPid) : undefined;
}
await kernel.stop();
process.stdout.write(`${JSON.stringify(result)}\n`);
