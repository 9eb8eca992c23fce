import { registerAuditSinkHandlers } from './audit-sinks-ext.js';
import { registerBackendHandlers } from './backends-ext.js';
import { registerCommandHandlers } from './commands-ext.js';
import type { ExtContext } from './ext-context.js';
import { registerNotifierHandlers } from './notifiers-ext.js';
import { registerPolicyHandlers } from './policies-ext.js';
import { registerReportHandlers } from './reports-ext.js';
import { registerViewHandlers } from './views-ext.js';

export { createApi } from './api-factory.js';
export { ConfigurationStore } from './configuration-ext.js';
export type { ExtContext } from './ext-context.js';
export { ProviderStore } from './provider-store.js';

/** Kernel -> host provider requests, one group per contribution area. */
export function registerProviderHandlers(ctx: ExtContext): void {
  registerBackendHandlers(ctx);
  registerCommandHandlers(ctx);
  registerViewHandlers(ctx);
  registerReportHandlers(ctx);
  registerPolicyHandlers(ctx);
  registerNotifierHandlers(ctx);
  registerAuditSinkHandlers(ctx);
}
