import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiTokenInfo, ApiTokenService } from '../api-tokens/api-token-service.js';
import { roleAllows } from '../api-tokens/api-token-service.js';
import type { AuditService } from '../audit/audit-service.js';
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

/** Bearer-token authentication and role checks for every route; failures are audited and throttled per client. */
export class ApiAuth {
  constructor(
    private readonly tokens: ApiTokenService,
    private readonly throttle: AuthThrottle,
    private readonly audit: AuditService | undefined,
    private readonly logger: Logger,
  ) {}

  /** Answers 401/403/429 itself and returns the reply then; returns undefined when the request may proceed. */
  async check(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    const config = request.routeOptions.config;
    // Unknown routes fall through to a plain 404; the static UI and the OpenAPI document are public; top-level
    // routes (probes, /metrics) are checked when they state their access.
    if (!request.routeOptions.url || config.access === 'public') return undefined;
    if (!request.url.startsWith('/api/') && config.access === undefined) return undefined;
    if (config.tokenlessOnLoopback && isLoopbackAddress(request.ip) && await config.tokenlessOnLoopback()) return undefined;
    const wait = this.throttle.retryAfter(request.ip);
    if (wait > 0) {
      return reply.code(429).header('retry-after', String(wait)).send({ error: 'too-many-requests', message: `Too many failed authentications from this client; retry in ${wait} s.` });
    }
    const token = bearer(request);
    const principal = token ? await this.tokens.verify(token) : undefined;
    if (!principal) {
      this.throttle.recordFailure(request.ip);
      await this.record('api.unauthorized', request, undefined);
      return reply.code(401).header('www-authenticate', 'Bearer').send({
        error: 'unauthorized', message: token ? 'Unknown or revoked token.' : 'A bearer token is required (`timelocker token create NAME --role viewer`).',
      });
    }
    const required = config.access ?? 'admin';
    if (!roleAllows(principal.role, required)) {
      await this.record('api.forbidden', request, principal);
      return reply.code(403).send({ error: 'forbidden', message: `This needs the ${required} role; token "${principal.name}" has ${principal.role}.` });
    }
    request.principal = principal;
    return undefined;
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
