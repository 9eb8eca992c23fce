import type { FastifyInstance } from 'fastify';
import type { ApiRole, ApiTokenInfo } from '../api-tokens/api-token-service.js';

/** Who may call a route: `public` needs no token (only the OpenAPI document and the static UI). */
export type RouteAccess = ApiRole | 'public';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
    /** Lets EventSource authenticate with `?access_token=`; no other route reads tokens from the URL. */
    tokenInQuery?: boolean;
    /** Clients on this machine (loopback) need no token when this says so (health probes, a public `/metrics`). */
    tokenlessOnLoopback?: () => boolean | Promise<boolean>;
  }
  interface FastifyRequest {
    principal?: ApiTokenInfo;
  }
}

export const ApiRouteContribution = Symbol('ApiRouteContribution');

/** Adds routes (under /api/v1, or top-level ones that state their access); every route states its `config.access` (under /api/v1, routes without one are admin-only). */
export interface ApiRouteContribution {
  registerRoutes(app: FastifyInstance): void;
}
