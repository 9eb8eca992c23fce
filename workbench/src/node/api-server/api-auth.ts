import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiTokenInfo, ApiTokenService } from '../api-tokens/api-token-service.js';
import { roleAllows } from '../api-tokens/api-token-service.js';
import type { AuditService } from '../audit/audit-service.js';
import { TimeLockerError } from '../core/errors.js';
import type { Logger } from '../core/log-service.js';
import type { AuthThrottle } from './auth-throttle.js';
import { isLoopbackAddress } from './origin-guard.js';

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header) return /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  if (!request.routeOptions.config.tokenInQuery) return undefined;
  const value = (request.query as Record<string, unknown> | undefined)?.['access_token'];
  return typeof value === 'string' ? value : undefined;
}

/** Whom repeated failures are counted against besides the client: the token presented (its first characters only). */
function tokenPrefix(token: string | undefined): string {
  return token === undefined ? '(none)' : token.slice(0, 12);
}

/** Bearer-token authentication and role checks for every route; failures are audited and throttled per client and per token prefix. */
export class ApiAuth {
  constructor(
    private readonly tokens: ApiTokenService,
    private readonly throttle: AuthThrottle,
    private readonly audit: AuditService | undefined,
    private readonly logger: Logger,
  ) {}

  /** Throws an `unauthorized`, `forbidden` or `too-many-requests` error (with its header) unless the request may proceed. */
  async check(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const config = request.routeOptions.config;
    // Unknown routes fall through to a plain 404; the static UI and the OpenAPI document are public; top-level
    // routes (probes, /metrics) are checked when they state their access.
    if (!request.routeOptions.url || config.access === 'public') return;
    if (!request.url.startsWith('/api/') && config.access === undefined) return;
    if (config.tokenlessOnLoopback && isLoopbackAddress(request.ip) && await config.tokenlessOnLoopback()) return;
    // The token is checked first, so that a valid one gets through however many failures others caused.
    const token = bearer(request);
    const principal = token ? await this.tokens.verify(token) : undefined;
    if (!principal) {
      const verdict = this.throttle.recordFailure([`client:${request.ip}`, `token:${tokenPrefix(token)}`]);
      if (verdict.retryAfter > 0) {
        if (verdict.started) await this.record('api.throttled', request, undefined);
        reply.header('retry-after', String(verdict.retryAfter));
        throw new TimeLockerError('too-many-requests', `Too many failed authentications from this client or with this token; retry in ${verdict.retryAfter} s.`);
      }
      await this.record('api.unauthorized', request, undefined);
      reply.header('www-authenticate', 'Bearer');
      throw new TimeLockerError('unauthorized', token ? 'Unknown, revoked or expired token.' : 'A bearer token is required (`timelocker token create NAME --role viewer`).');
    }
    const required = config.access ?? 'admin';
    if (!roleAllows(principal.role, required)) {
      await this.record('api.forbidden', request, principal);
      throw new TimeLockerError('forbidden', `This needs the ${required} role; token "${principal.name}" has ${principal.role}.`);
    }
    request.principal = principal;
    request.bearerToken = token;
  }

  private async record(type: string, request: FastifyRequest, principal: ApiTokenInfo | undefined): Promise<void> {
    if (!this.audit) return;
    try {
      await this.audit.record({
        type, severity: 'warning', target: `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`,
        actor: principal ? `api:${principal.name}` : 'api:anonymous',
        details: { client: request.ip, ...(principal ? { role: principal.role } : {}) },
      });
    } catch (error) {
      this.logger.warn(`could not audit ${type}: ${(error as Error).message}`);
    }
  }
}
