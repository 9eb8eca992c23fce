import { API_VERSION, type DisposableLike, type TimeLockerApi } from '@timelocker/plugin-api';
import type { PluginDescriptionDto } from '@timelocker/plugin-api/protocol';
import { createAuditSinksApi } from './audit-sinks-ext.js';
import { createBackendsApi } from './backends-ext.js';
import { createCommandsApi } from './commands-ext.js';
import type { ExtContext } from './ext-context.js';
import { createLogger } from './logger-ext.js';
import { createNotifiersApi } from './notifiers-ext.js';
import { createPoliciesApi } from './policies-ext.js';
import { createReportsApi } from './reports-ext.js';
import { createSecretStorage } from './secrets-ext.js';
import { createViewsApi } from './views-ext.js';
import { createWindowApi } from './window-ext.js';
import { createWorkspaceApi } from './workspace-ext.js';

/**
 * One frozen API object per plugin activation: registrations are checked against, and attributed to, that plugin.
 * What the API itself subscribes to goes into `disposables`, released when the plugin is deactivated.
 */
export function createApi(plugin: PluginDescriptionDto, ctx: ExtContext, disposables: DisposableLike[]): TimeLockerApi {
  return Object.freeze({
    version: API_VERSION,
    backends: Object.freeze(createBackendsApi(plugin, ctx)),
    reports: Object.freeze(createReportsApi(plugin, ctx)),
    policies: Object.freeze(createPoliciesApi(plugin, ctx)),
    notifiers: Object.freeze(createNotifiersApi(plugin, ctx)),
    auditSinks: Object.freeze(createAuditSinksApi(plugin, ctx)),
    commands: Object.freeze(createCommandsApi(plugin, ctx)),
    views: Object.freeze(createViewsApi(plugin, ctx)),
    secrets: Object.freeze(createSecretStorage(plugin, ctx)),
    workspace: Object.freeze(createWorkspaceApi(plugin, ctx, disposables)),
    window: Object.freeze(createWindowApi(plugin, ctx)),
    logger: Object.freeze(createLogger(plugin, ctx)),
  });
}
