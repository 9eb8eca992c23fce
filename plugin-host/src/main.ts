/** Plugin host process entry: forked by the kernel with an IPC channel; every plugin runs here, never in the kernel. */
import { EventEmitter, type JobDto } from '@timelocker/plugin-api';
import { $acceptJobFinished, $activateByEvent, $initialize, $log, $pluginError } from '@timelocker/plugin-api/protocol';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter } from 'vscode-jsonrpc/node.js';
import { Activator } from './activator.js';
import { createApi, ProviderStore, registerProviderHandlers, type ExtContext } from './api/index.js';
import { toErrorDto } from './errors.js';
import { installGuards } from './guards.js';
import { PluginLocator } from './plugin-locator.js';
import { notify } from './notify.js';

const rpc = createMessageConnection(new IPCMessageReader(process), new IPCMessageWriter(process));
const locator = new PluginLocator();
const jobFinished = new EventEmitter<JobDto>();

function reportError(pluginId: string | undefined, error: unknown): void {
  const dto = toErrorDto(error);
  if (pluginId) notify(rpc, $pluginError, { pluginId, error: dto });
  else notify(rpc, $log, { level: 'error', message: `Plugin host: ${dto.stack ?? dto.message}` });
}

const realExit = installGuards(locator, reportError);
const store = new ProviderStore(rpc);
const ctx: ExtContext = { rpc, store, onDidFinishJob: jobFinished.event, reportError };
let activator: Activator | undefined;

rpc.onRequest($initialize, (params) => {
  locator.setPlugins(params.plugins);
  activator = new Activator({
    rpc,
    plugins: params.plugins,
    timeoutMs: params.activationTimeoutMs,
    createApi: (plugin) => createApi(plugin, ctx),
    discard: (pluginId) => store.removePlugin(pluginId),
  });
});
rpc.onRequest($activateByEvent, ({ event }) => {
  if (!activator) throw new Error('The plugin host is not initialized');
  return activator.activateByEvent(event);
});
rpc.onNotification($acceptJobFinished, ({ job }) => jobFinished.fire(job));
registerProviderHandlers(ctx);

// Without its kernel the host has no purpose; leave quietly instead of lingering as an orphan.
process.on('disconnect', () => realExit(0));
rpc.onClose(() => realExit(0));
rpc.listen();
