import type { PluginContext, TimeLockerApi } from '@timelocker/plugin-api';
import { csvFormat } from './csv-format.js';
import { htmlFormat } from './html-format.js';
import { jsonFormat } from './json-format.js';
import { pdfFormat } from './pdf-format.js';
import { reportsView } from './reports-view.js';

export function activate(api: TimeLockerApi, context: PluginContext): void {
  context.subscriptions.push(
    api.reports.registerFormat('csv', csvFormat),
    api.reports.registerFormat('pdf', pdfFormat),
    api.reports.registerFormat('json', jsonFormat),
    api.reports.registerFormat('html', htmlFormat),
    api.views.registerDataProvider('reports', reportsView),
  );
}
