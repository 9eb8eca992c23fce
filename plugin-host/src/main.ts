/** Plugin host process entry: forked by the kernel with an IPC channel; every plugin runs here, never in the kernel. */
import { EventEmitter, type JobDto } from '@timelocker/plugin-api';
import {
  $acceptConfiguration, $acceptJobFinished, $activateByEvent, $deactivateAll, $initialize, $log, $pluginError, $updatePlugins, $withholdEnvironment,
} from '@timelocker/plugin-api/protocol';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter } from 'vscode-jsonrpc/node.js';
import { Activator } from './activator.js';
import { ConfigurationStore, createApi, ProviderStore, registerProviderHandlers, type ExtContext } from './api/index.js';
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
let activator: Activator | undefined;
const store = new ProviderStore(rpc, (pluginId) => activator?.isLive(pluginId) ?? false);
const configuration = new ConfigurationStore();
const ctx: ExtContext = { rpc, store, configuration, onDidFinishJob: jobFinished.event, reportError };

function initialized(): Activator {
  if (!activator) throw new Error('The plugin host is not initialized');
  return activator;
}

rpc.onRequest($initialize, (params) => {
  locator.setPlugins(params.plugins);
  activator = new Activator({
    rpc,
    timeoutMs: params.activationTimeoutMs,
    oneAtATime: params.oneAtATime === true,
    createApi: (plugin, disposables) => createApi(plugin, ctx, disposables),
    discard: (pluginId) => store.removePlugin(pluginId),
    reportError,
  }, params.plugins);
});
rpc.onRequest($activateByEvent, ({ event }) => initialized().activateByEvent(event));
rpc.onRequest($updatePlugins, async ({ plugins }) => {
  const deactivated = await initialized().update(plugins);
  locator.setPlugins(plugins);
  return { deactivated };
});
rpc.onRequest($deactivateAll, () => initialized().deactivateAll());
rpc.onNotification($acceptConfiguration, (update) => configuration.accept(update));
rpc.onNotification($acceptJobFinished, ({ job }) => jobFinished.fire(job));
rpc.onNotification($withholdEnvironment, ({ names }) => {
  for (const name of names) delete process.env[name];
});
registerProviderHandlers(ctx);

// Without its kernel the host has no purpose; leave quietly instead of lingering as an orphan.
process.on('disconnect', () => realExit(0));
rpc.onClose(() => realExit(0));
rpc.listen();
