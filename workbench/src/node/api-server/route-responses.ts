import { STATUS_CODES } from 'node:http';
import type { RouteOptions } from 'fastify';
import { errorOutcomes, type ErrorKind } from '../core/errors.js';
import { errorBodySchema } from './api-errors.js';

/** Refusals before a protected route runs: Host/Origin check, then the bearer token and its role. */
const guardKinds: readonly ErrorKind[] = ['wrong-host', 'unauthorized', 'forbidden', 'too-many-requests'];
/** Fastify parses a body for these methods whatever the route declares: malformed, too large or of a foreign type. */
const bodyMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const bodyKinds: readonly ErrorKind[] = ['usage', 'payload-too-large', 'unsupported-media-type'];

function methodsOf(route: RouteOptions): string[] {
  return Array.isArray(route.method) ? [...route.method] : [route.method];
}

/** The error kinds a route can answer with: those every route of its sort has, and those it names in `config.errors`. */
export function errorKindsOf(route: RouteOptions): Set<ErrorKind> {
  const schema = route.schema ?? {};
  const config = route.config ?? {};
  const kinds = new Set<ErrorKind>(config.access === 'public' ? ['wrong-host'] : guardKinds);
  if (schema.body || schema.querystring || schema.params || schema.headers) kinds.add('usage');
  if (methodsOf(route).some((m) => bodyMethods.has(m))) for (const kind of bodyKinds) kinds.add(kind);
  // An empty path segment (`/snapshots//download`) leaves the URL naming no route at all: fastify's 404.
  if (route.url.includes('/:')) kinds.add('not-found');
  for (const kind of config.errors ?? []) kinds.add(kind);
  return kinds;
}

/**
 * Fills a route's OpenAPI responses from the error table, so the document lists every status the route can
 * answer with (and error bodies are serialized by their schema). A route without a 2xx response gets `200`.
 */
export function documentResponses(route: RouteOptions): void {
  const response: Record<string, unknown> = { ...(route.schema?.response as Record<string, unknown> | undefined) };
  if (!Object.keys(response).some((status) => status.startsWith('2'))) response['200'] = { description: 'OK' };
  const byStatus = new Map<number, ErrorKind[]>();
  for (const kind of errorKindsOf(route)) {
    const status = errorOutcomes[kind].httpStatus;
    byStatus.set(status, [...(byStatus.get(status) ?? []), kind]);
  }
  for (const [status, kinds] of [...byStatus].sort(([a], [b]) => a - b)) {
    response[String(status)] ??= { ...errorBodySchema, description: `${STATUS_CODES[status] ?? 'Error'} (${kinds.join(', ')})` };
  }
  route.schema = { ...route.schema, response };
}
