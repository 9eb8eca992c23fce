import type { FastifyInstance } from 'fastify';
import type { ApiRole, ApiTokenInfo } from '../api-tokens/api-token-service.js';

/** Who may call a route: `public` needs no token (only the OpenAPI document and the static UI). */
export type RouteAccess = ApiRole | 'public';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
    /** Lets EventSource authenticate with `?access_token=`; no other route reads tokens from the URL. */
    tokenInQuery?: boolean;
  }
  interface FastifyRequest {
    principal?: ApiTokenInfo;
  }
}

export const ApiRouteContribution = Symbol('ApiRouteContribution');

/** Adds routes under /api/v1; every route states its `config.access` (routes without one are admin-only). */
export interface ApiRouteContribution {
  registerRoutes(app: FastifyInstance): void;
}
