import type { FastifyInstance } from 'fastify';
import { inject, injectable } from 'inversify';
import { parsePeriod } from '../../core/time-period.js';
import { ContributionRegistry } from '../../plugins/contribution-registry.js';
import { ReportService, type ReportType, reportTypes } from '../../reports/report-service.js';
import type { ApiRouteContribution } from '../api-route-contribution.js';
import { pluginCallErrors } from './schemas.js';

const typeLabels: Record<ReportType, string> = {
  'backup-jobs': 'Backup jobs',
  'snapshot-inventory': 'Snapshot inventory',
  'audit-trail': 'Audit trail',
  'storage-utilization': 'Storage utilization',
};

interface GenerateBody {
  readonly type: ReportType;
  readonly format: string;
  readonly from?: string;
  readonly to?: string;
  readonly repository?: string;
}

/** Text formats are UTF-8; a format that declares a charset keeps its own. */
function contentType(mimeType: string): string {
  return mimeType.startsWith('text/') && !mimeType.includes('charset') ? `${mimeType}; charset=utf-8` : mimeType;
}

/** Report types × contributed formats; generating one answers with the file itself. Viewers list, operators generate. */
@injectable()
export class ReportRoutes implements ApiRouteContribution {
  constructor(
    @inject(ReportService) private readonly reports: ReportService,
    @inject(ContributionRegistry) private readonly contributions: ContributionRegistry,
  ) {}

  registerRoutes(app: FastifyInstance): void {
    app.get('/api/v1/reports', {
      config: { access: 'viewer' }, schema: { tags: ['reports'], summary: 'Report types, and the formats contributed by plugins (`reportFormats`)' },
    }, async () => ({
      types: reportTypes.map((id) => ({ id, label: typeLabels[id] })),
      formats: this.contributions.get('reportFormats').map((c) => ({ ...c.entry, pluginId: c.pluginId, aliases: c.aliases })),
    }));

    app.post<{ Body: GenerateBody }>('/api/v1/reports/generate', {
      config: { access: 'operator', errors: ['config', 'not-found', 'forbidden', 'operation-failed', ...pluginCallErrors] },
      schema: {
        tags: ['reports'],
        summary: 'Generate a report and download it (Content-Type of the format, Content-Disposition attachment); `from`/`to`: YYYY-MM-DD, ISO time or an age such as 30d',
        body: {
          type: 'object', required: ['type', 'format'], additionalProperties: false,
          properties: {
            type: { type: 'string', enum: [...reportTypes] },
            format: { type: 'string', minLength: 1 },
            from: { type: 'string', minLength: 1 },
            to: { type: 'string', minLength: 1 },
            repository: { type: 'string', minLength: 1 },
          },
        },
      },
    }, async (request, reply) => {
      const { type, format, from, to, repository } = request.body;
      const period = parsePeriod(from, to, 'body.');
      const rendered = await this.reports.render({ type, period, ...(repository ? { repository } : {}) }, format, request.cancellation);
      const mimeType = this.contributions.find('reportFormats', format)?.entry.mimeType ?? 'application/octet-stream';
      const file = `timelocker-${type}-${rendered.data.generatedAt.slice(0, 10)}.${rendered.extension}`;
      return reply
        .header('content-type', contentType(mimeType))
        .header('content-disposition', `attachment; filename="${file}"`)
        .header('x-report-digest', rendered.dataDigest)
        .send(typeof rendered.content === 'string' ? rendered.content : Buffer.from(rendered.content));
    });
  }
}
