// Plugin RPC round trip (BackendRegistry.validate through the real plugin host) beside a bare
// vscode-jsonrpc echo over a forked child's IPC, measured the same way; prints JSON.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { CancellationToken } from '@timelocker/plugin-api';
import { $provideBackendValidate } from '@timelocker/plugin-api/protocol';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter } from 'vscode-jsonrpc/node.js';
import { startKernel, resolveKernelOptions } from '../workbench/dist/node/index.js';
import { BackendRegistry } from '../workbench/dist/node/plugins/backend-registry.js';
import { PluginService } from '../workbench/dist/node/plugins/plugin-service.js';
import { mean, median, percentile } from './stats.mjs';

const calls = Number(process.argv[2] ?? 2000);
const warmup = Number(process.argv[3] ?? 300);
const blocks = 4;

/** Times `call` sequentially `count` times, one hrtime sample per call, in µs. */
async function sample(call, count, into) {
  for (let i = 0; i < count; i++) {
    const started = process.hrtime.bigint();
    await call();
    into?.push(Number(process.hrtime.bigint() - started) / 1000);
  }
}

function summary(samples) {
  return { calls: samples.length, medianUs: median(samples), meanUs: mean(samples), p95Us: percentile(samples, 95) };
}

const kernel = await startKernel(resolveKernelOptions());
const plugins = kernel.get(PluginService);
await plugins.start();
const backends = kernel.get(BackendRegistry);
const config = { path: '/tmp/x' };
const validate = () => backends.validate('local', config, CancellationToken.None);
const issues = await validate();

// Breakdown of one validate: the activation request it sends first, and the provider request alone
// (PluginService is bound to PluginServiceImpl, whose connection() and handles the invoker uses too).
const host = await plugins.connection();
const { handle } = plugins.handles.find('backends', 'timelocker.local');
const activateOnly = () => plugins.activateByEvent('onBackend:local');
const providerOnly = () => host.rpc.sendRequest($provideBackendValidate, { handle, config });

const child = fork(fileURLToPath(new URL('./rpc-echo-child.mjs', import.meta.url)), [], {
  execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'json',
});
const echo = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
echo.listen();
const echoCall = () => echo.sendRequest('echo', { handle: 1, config });

try {
  const measured = { kernel: [validate, []], echo: [echoCall, []], activateOnly: [activateOnly, []], providerOnly: [providerOnly, []] };
  for (const [call] of Object.values(measured)) await sample(call, warmup);
  // Interleaved blocks so drift (CPU frequency, GC, other load) hits every variant alike.
  for (let b = 0; b < blocks; b++) {
    for (const [call, samples] of Object.values(measured)) await sample(call, calls / blocks, samples);
  }
  const result = { validateIssues: issues.length, warmup, blocks };
  for (const [name, [, samples]] of Object.entries(measured)) result[name] = summary(samples);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  echo.dispose();
  child.disconnect();
  if (child.exitCode === null) await once(child, 'exit');
  await kernel.stop();
}
