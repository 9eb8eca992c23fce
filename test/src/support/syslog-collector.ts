import { createSocket } from 'node:dgram';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { createServer, type Server, type TLSSocket } from 'node:tls';
import parseSyslog from 'nsyslog-parser';
import type { Certificate } from './s3-server.js';

/** What nsyslog-parser makes of an RFC 5424 message (the fields the tests read). */
export interface ParsedSyslog {
  readonly type: string;
  readonly version: number;
  readonly facility: string;
  readonly level: string;
  readonly ts: Date;
  readonly host: string;
  readonly appName: string;
  readonly messageid: string;
  readonly message: string;
  readonly structuredData: ReadonlyArray<Record<string, string>>;
}

export interface SyslogCollector {
  readonly port: number;
  /** Every message received, in arrival order, as sent (without framing) and parsed. */
  readonly received: Array<{ readonly raw: string; readonly parsed: ParsedSyslog }>;
  /** Closes the port and drops open connections, as a collector that went down. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  restart(): Promise<void>;
}

function received(raw: string): { readonly raw: string; readonly parsed: ParsedSyslog } {
  return { raw, parsed: parseSyslog(raw) as ParsedSyslog };
}

/** Splits RFC 5425 octet-counted frames (`LEN SP MSG`) off a connection's byte stream. */
function frameReader(onMessage: (raw: string) => void): (chunk: Buffer) => void {
  let buffered = Buffer.alloc(0);
  return (chunk) => {
    buffered = Buffer.concat([buffered, chunk]);
    for (;;) {
      const space = buffered.indexOf(0x20);
      if (space < 0) return;
      const length = Number(buffered.subarray(0, space).toString('ascii'));
      if (!Number.isInteger(length) || length <= 0) throw new Error(`not an octet-counted frame: ${buffered.subarray(0, 40).toString()}`);
      if (buffered.length < space + 1 + length) return;
      onMessage(buffered.subarray(space + 1, space + 1 + length).toString('utf8'));
      buffered = buffered.subarray(space + 1 + length);
    }
  };
}

/** A syslog collector on 127.0.0.1 speaking RFC 5425 (TLS, octet counting) with a self-signed certificate. */
export async function startTlsSyslogCollector(certificate: Certificate): Promise<SyslogCollector> {
  const [key, cert] = await Promise.all([readFile(certificate.keyFile), readFile(certificate.certFile)]);
  const messages: SyslogCollector['received'] = [];
  let server: Server | undefined;
  const sockets = new Set<TLSSocket>();
  let port = 0;
  const listen = async (): Promise<void> => {
    const next = createServer({ key, cert }, (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('data', frameReader((raw) => messages.push(received(raw))));
      socket.on('end', () => socket.end());
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve, reject) => {
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => resolve());
    });
    server = next;
    port = (next.address() as AddressInfo).port;
  };
  await listen();
  return {
    get port() { return port; },
    received: messages,
    stop: async () => {
      const closing = server;
      server = undefined;
      if (!closing) return;
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => closing.close(() => resolve()));
    },
    restart: listen,
  };
}

/** A UDP syslog collector on 127.0.0.1 (RFC 5426: one message per datagram). */
export async function startUdpSyslogCollector(): Promise<SyslogCollector> {
  const messages: SyslogCollector['received'] = [];
  const socket = createSocket('udp4');
  socket.on('message', (datagram) => messages.push(received(datagram.toString('utf8'))));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  const { port } = socket.address();
  return {
    port, received: messages,
    stop: () => new Promise<void>((resolve) => socket.close(() => resolve())),
    restart: () => Promise.reject(new Error('the UDP collector is not restartable')),
  };
}
