import type { FastifyInstance } from 'fastify';
import { inject, injectable, optional } from 'inversify';
import { AuditService } from '../../audit/audit-service.js';
import { KernelOptions } from '../../core/kernel-options.js';
import { ConsentStore } from '../../privacy/consent-store.js';
import { PRIVACY_NOTICE_SUBJECT, PRIVACY_NOTICE_VERSION, privacyNoticeText } from '../../privacy/privacy-notice.js';
import { PrivacyService } from '../../privacy/privacy-service.js';
import type { ApiRouteContribution } from '../api-route-contribution.js';

/** The first-run privacy notice (any role may read and accept it: it gates the UI for everyone) and the data export. */
@injectable()
export class PrivacyRoutes implements ApiRouteContribution {
  constructor(
    @inject(ConsentStore) private readonly consents: ConsentStore,
    @inject(PrivacyService) private readonly privacy: PrivacyService,
    @inject(KernelOptions) private readonly options: KernelOptions,
    @inject(AuditService) @optional() private readonly audit: AuditService | undefined,
  ) {}

  registerRoutes(app: FastifyInstance): void {
    app.get('/api/v1/privacy', {
      config: { access: 'viewer' }, schema: { tags: ['privacy'], summary: 'The privacy notice, and whether its current version was accepted' },
    }, async () => {
      const latest = await this.consents.latest(PRIVACY_NOTICE_SUBJECT, PRIVACY_NOTICE_VERSION);
      return { version: PRIVACY_NOTICE_VERSION, text: privacyNoticeText(this.options), accepted: latest?.decision === 'accepted', status: latest ?? null };
    });

    app.post<{ Body: { channel?: 'ui' | 'api' } }>('/api/v1/privacy/accept', {
      config: { access: 'viewer' },
      // A bare `POST` (curl without a body) accepts too.
      preValidation: async (request) => {
        request.body ??= {};
      },
      schema: {
        tags: ['privacy'], summary: 'Accept the current privacy notice (recorded in the catalog)',
        body: { type: 'object', additionalProperties: false, properties: { channel: { type: 'string', enum: ['ui', 'api'], default: 'api' } } },
      },
    }, async (request) => {
      const channel = request.body.channel ?? 'api';
      const record = await this.consents.record(PRIVACY_NOTICE_SUBJECT, PRIVACY_NOTICE_VERSION, 'accepted', channel);
      // The consent row names the server's actor; the audit log names the token that accepted.
      await this.audit?.record({
        type: 'privacy.accepted', severity: 'info', target: `${PRIVACY_NOTICE_SUBJECT}@${PRIVACY_NOTICE_VERSION}`,
        actor: `api:${request.principal!.name}`, details: { channel },
      });
      return record;
    });

    app.get('/api/v1/privacy/export', {
      config: { access: 'admin', errors: ['config'] },
      schema: { tags: ['privacy'], summary: 'All personal metadata TimeLocker holds (config without secrets, jobs, audit entries, consents)' },
    }, async (_request, reply) => {
      const data = await this.privacy.exportData();
      return reply.header('content-disposition', `attachment; filename="timelocker-privacy-export-${data.generatedAt.slice(0, 10)}.json"`).send(data);
    });
  }
}
