import type { FastifyInstance } from 'fastify';
import { inject, injectable, optional } from 'inversify';
import { AuditAnchors } from '../../operations/audit-anchors.js';
import { AuditService, type AuditFilter } from '../../audit/audit-service.js';
import { parseTimeBound } from '../../core/time-period.js';
import type { ApiRouteContribution } from '../api-route-contribution.js';
import { repositoryErrors } from './schemas.js';

/** The audit log, when the audit feature is part of the kernel. */
@injectable()
export class AuditRoutes implements ApiRouteContribution {
  constructor(
    @inject(AuditService) @optional() private readonly audit: AuditService | undefined,
    @inject(AuditAnchors) @optional() private readonly anchors: AuditAnchors | undefined,
  ) {}

  registerRoutes(app: FastifyInstance): void {
    const audit = this.audit;
    if (!audit) return;
    app.get<{ Querystring: AuditFilter }>('/api/v1/audit', {
      config: { access: 'viewer' },
      schema: {
        tags: ['audit'], summary: 'Audit entries, filtered; `since`/`until` read like the CLI: YYYY-MM-DD, an ISO time, or an age such as 7d (400, error `usage`, when unreadable)',
        querystring: {
          type: 'object', additionalProperties: false,
          properties: {
            since: { type: 'string' }, until: { type: 'string' }, type: { type: 'string' }, actor: { type: 'string' },
            severity: { type: 'string', enum: ['info', 'warning', 'error', 'critical'] }, limit: { type: 'integer', minimum: 1, maximum: 10_000 },
          },
        },
      },
    }, async (request) => {
      const { since, until, ...rest } = request.query;
      return audit.list({
        ...rest,
        ...(since ? { since: parseTimeBound(since, { field: 'querystring.since' }) } : {}),
        ...(until ? { until: parseTimeBound(until, { end: true, field: 'querystring.until' }) } : {}),
      });
    });

    app.get<{ Querystring: { against?: string } }>('/api/v1/audit/verify', {
      // `against` reads a repository's snapshots; the log's key may be away (a locked keyring: unavailable).
      config: { access: 'viewer', errors: repositoryErrors },
      schema: {
        tags: ['audit'], summary: "Verify the keyed hash chain of the audit log and its recorded heads; `against`: also the heads recorded in that repository's snapshots",
        querystring: { type: 'object', additionalProperties: false, properties: { against: { type: 'string', minLength: 1 } } },
      },
    }, async (request) => (request.query.against && this.anchors
      ? this.anchors.verifyAgainst(request.query.against, request.cancellation)
      : audit.verify()));
  }
}
