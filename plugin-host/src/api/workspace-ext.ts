import { EventEmitter, type ConfigurationChangeEvent, type DisposableLike, type JobDto, type WorkspaceApi } from '@timelocker/plugin-api';
import {
  $workspaceGetJobs, $workspaceGetPlans, $workspaceGetRepositories, $workspaceGetSnapshots, type PluginDescriptionDto,
} from '@timelocker/plugin-api/protocol';
import { configurationChangeEvent } from './configuration-ext.js';
import type { ExtContext } from './ext-context.js';

/** `disposables` receives the API's own subscriptions, released when the plugin is deactivated. */
export function createWorkspaceApi(plugin: PluginDescriptionDto, ctx: ExtContext, disposables: DisposableLike[]): WorkspaceApi {
  const pluginId = plugin.id;
  // One emitter per plugin, so a throwing listener is attributed to its own plugin.
  const onListenerError = (error: unknown): void => ctx.reportError(pluginId, error);
  const finished = new EventEmitter<JobDto>({ onListenerError });
  const configurationChanged = new EventEmitter<ConfigurationChangeEvent>({ onListenerError });
  disposables.push(
    finished, configurationChanged,
    ctx.onDidFinishJob((job) => finished.fire(job)),
    ctx.configuration.onDidChange((changed) => {
      const event = configurationChangeEvent(changed);
      if (event.affectsConfiguration(pluginId)) configurationChanged.fire(event);
    }),
  );
  return {
    getRepositories: () => ctx.rpc.sendRequest($workspaceGetRepositories, { pluginId }),
    getPlans: () => ctx.rpc.sendRequest($workspaceGetPlans, { pluginId }),
    getSnapshots: (repository) => ctx.rpc.sendRequest($workspaceGetSnapshots, { pluginId, repository }),
    getJobs: (filter) => ctx.rpc.sendRequest($workspaceGetJobs, { pluginId, filter }),
    onDidFinishJob: finished.event,
    getConfiguration: (section) => ctx.configuration.get(plugin, section),
    onDidChangeConfiguration: configurationChanged.event,
  };
}
