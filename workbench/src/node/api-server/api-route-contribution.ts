import type { CancellationToken } from '@timelocker/plugin-api';
import type { FastifyInstance } from 'fastify';
import type { ApiRole, ApiTokenInfo } from '../api-tokens/api-token-service.js';
import type { ErrorKind } from '../core/errors.js';

/** Who may call a route: `public` needs no token (only the OpenAPI document and the static UI). */
export type RouteAccess = ApiRole | 'public';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
    /** Lets EventSource authenticate with `?access_token=`; no other route reads tokens from the URL. */
    tokenInQuery?: boolean;
    /** Clients on this machine (loopback) need no token when this says so (health probes, a public `/metrics`). */
    tokenlessOnLoopback?: () => boolean | Promise<boolean>;
    /**
     * Kinds of error the route answers with besides those every route has (Host, token, role, bad input): they
     * become its documented responses, with the status from the one error table.
     */
    errors?: readonly ErrorKind[];
  }
  interface FastifyRequest {
    principal?: ApiTokenInfo;
    /** The token the principal was verified from (for streams that must end when it does). */
    bearerToken?: string;
    /** Cancelled when the client disconnects before its answer was sent (see `installRequestCancellation`). */
    cancellation: CancellationToken;
  }
}

export const ApiRouteContribution = Symbol('ApiRouteContribution');

/**
 * Adds routes (under /api/v1, or top-level ones that state their access); every route states its `config.access`
 * (under /api/v1, routes without one are admin-only) and its `config.errors`.
 */
export interface ApiRouteContribution {
  registerRoutes(app: FastifyInstance): void;
}
