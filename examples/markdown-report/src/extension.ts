import { CancellationError, type PluginContext, type TimeLockerApi } from '@timelocker/plugin-api';
import { renderMarkdown } from './markdown.js';

export function activate(api: TimeLockerApi, context: PluginContext): void {
  context.subscriptions.push(api.reports.registerFormat('markdown', {
    render: async (report, token) => {
      if (token.isCancellationRequested) throw new CancellationError();
      return renderMarkdown(report);
    },
  }));
}
