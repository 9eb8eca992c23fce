import { isIPv4 } from 'node:net';
import type { FastifyRequest } from 'fastify';
import { TimeLockerError } from '../core/errors.js';

/** Addresses `serve --host` may bind without exposing the API to the network. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || (isIPv4(host) && host.startsWith('127.'));
}

/** A client address on this machine: 127.0.0.0/8, ::1, or 127.x mapped into IPv6. */
export function isLoopbackAddress(ip: string): boolean {
  return isLoopback(ip.startsWith('::ffff:') ? ip.slice('::ffff:'.length) : ip);
}

const loopbackNames = ['127.0.0.1', 'localhost', '[::1]'];

interface HostName {
  readonly name: string;
  readonly port: number | undefined;
}

/** `name`, `name:port`, `[v6]` or `[v6]:port`; undefined when it is none of these. */
export function parseHost(value: string): HostName | undefined {
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/i.exec(value);
  if (!match) return undefined;
  return { name: match[1]!.toLowerCase(), port: match[2] === undefined ? undefined : Number(match[2]) };
}

/** The connection's own address as a Host name would write it (`::ffff:127.0.0.1` is 127.0.0.1). */
function connectedName(address: string | undefined): string | undefined {
  if (!address) return undefined;
  const v4 = address.replace(/^::ffff:/i, '');
  return isIPv4(v4) ? v4 : `[${address.toLowerCase()}]`;
}

export type AllowedHosts = () => Promise<readonly string[]>;

/**
 * DNS rebinding and cross-site requests are refused before authentication. `Host` must name this server
 * exactly: 127.0.0.1, localhost or [::1], or the address the client connected to, with the port it connected
 * to; or an entry of `serve.allowedHosts` (whose port defaults to the server's). Anything else is `wrong-host`
 * (421). No CORS: a request whose `Origin` is not this server's own origin is `forbidden` (403).
 */
export function originGuard(allowedHosts: AllowedHosts): (request: FastifyRequest) => Promise<void> {
  return async (request) => {
    const header = request.headers.host ?? '';
    const host = parseHost(header);
    const port = request.socket.localPort;
    const samePort = host !== undefined && (host.port ?? 80) === port;
    const own = [...loopbackNames, connectedName(request.socket.localAddress)];
    const listed = (await allowedHosts()).map(parseHost).some((entry) =>
      entry !== undefined && host !== undefined && entry.name === host.name && (entry.port ?? port) === (host.port ?? 80));
    if (!host || !(listed || (samePort && own.includes(host.name)))) {
      throw new TimeLockerError('wrong-host', `Host "${header}" is not this server; add it to "serve": { "allowedHosts": [...] } in the config if clients reach it by that name.`);
    }
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== `http://${header}`) {
      throw new TimeLockerError('forbidden', `Requests from origin ${origin} are not accepted (no CORS).`);
    }
  };
}
