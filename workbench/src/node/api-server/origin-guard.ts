import type { FastifyReply, FastifyRequest } from 'fastify';

const loopbackNames = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function isLoopback(host: string): boolean {
  return loopbackNames.has(host) || host.startsWith('127.');
}

/** A client address on this machine: 127.0.0.0/8, ::1, or 127.x mapped into IPv6. */
export function isLoopbackAddress(ip: string): boolean {
  return isLoopback(ip.startsWith('::ffff:') ? ip.slice('::ffff:'.length) : ip);
}

function hostnameOf(hostHeader: string): string {
  return hostHeader.startsWith('[') ? hostHeader.slice(0, hostHeader.indexOf(']') + 1) : hostHeader.split(':')[0]!;
}

/**
 * No CORS: a browser request from another origin (it carries `Origin`) is refused, and a loopback-bound server
 * only answers loopback `Host` names, so a web page cannot reach it through DNS rebinding either.
 */
export function originGuard(boundHost: string): (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined> {
  const loopbackOnly = isLoopback(boundHost);
  return async (request, reply) => {
    const host = request.headers.host ?? '';
    if (loopbackOnly && !isLoopback(hostnameOf(host))) {
      return reply.code(403).send({ error: 'forbidden-host', message: `Host "${host}" is not this loopback server.` });
    }
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== `http://${host}`) {
      return reply.code(403).send({ error: 'forbidden-origin', message: `Requests from origin ${origin} are not accepted (no CORS).` });
    }
    return undefined;
  };
}
