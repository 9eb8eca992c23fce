import { EventEmitter, type JobDto, type WorkspaceApi } from '@timelocker/plugin-api';
import {
  $workspaceGetJobs, $workspaceGetPlans, $workspaceGetRepositories, $workspaceGetSnapshots, type PluginDescriptionDto,
} from '@timelocker/plugin-api/protocol';
import type { ExtContext } from './ext-context.js';

export function createWorkspaceApi(plugin: PluginDescriptionDto, ctx: ExtContext): WorkspaceApi {
  const pluginId = plugin.id;
  // One emitter per plugin, so a throwing listener is attributed to its own plugin.
  const finished = new EventEmitter<JobDto>({ onListenerError: (error) => ctx.reportError(pluginId, error) });
  ctx.onDidFinishJob((job) => finished.fire(job));
  return {
    getRepositories: () => ctx.rpc.sendRequest($workspaceGetRepositories, { pluginId }),
    getPlans: () => ctx.rpc.sendRequest($workspaceGetPlans, { pluginId }),
    getSnapshots: (repository) => ctx.rpc.sendRequest($workspaceGetSnapshots, { pluginId, repository }),
    getJobs: (filter) => ctx.rpc.sendRequest($workspaceGetJobs, { pluginId, filter }),
    onDidFinishJob: finished.event,
  };
}
