import type { FastifyRequest } from 'fastify';
import { TimeLockerError } from '../core/errors.js';

const loopbackNames = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function isLoopback(host: string): boolean {
  return loopbackNames.has(host) || host.startsWith('127.');
}

function hostnameOf(hostHeader: string): string {
  return hostHeader.startsWith('[') ? hostHeader.slice(0, hostHeader.indexOf(']') + 1) : hostHeader.split(':')[0]!;
}

/**
 * No CORS: a browser request from another origin (it carries `Origin`) is refused, and a loopback-bound server
 * only answers loopback `Host` names, so a web page cannot reach it through DNS rebinding either.
 */
export function originGuard(boundHost: string): (request: FastifyRequest) => Promise<void> {
  const loopbackOnly = isLoopback(boundHost);
  return async (request) => {
    const host = request.headers.host ?? '';
    if (loopbackOnly && !isLoopback(hostnameOf(host))) {
      throw new TimeLockerError('wrong-host', `Host "${host}" is not this loopback server.`);
    }
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== `http://${host}`) {
      throw new TimeLockerError('forbidden', `Requests from origin ${origin} are not accepted (no CORS).`);
    }
  };
}
