import { createSocket } from 'node:dgram';
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { connect } from 'node:tls';
import { CancellationError, type CancellationToken } from '@timelocker/plugin-api';
import { octetCounted } from './rfc5424.js';
import type { SyslogSettings } from './syslog-settings.js';

const CONNECT_TIMEOUT_MS = 10_000;

function transportError(error: NodeJS.ErrnoException, settings: SyslogSettings): Error {
  const where = `${settings.host}:${settings.port}`;
  switch (error.code) {
    case 'ECONNREFUSED': return new Error(`syslog collector unreachable: nothing accepts connections at ${where} (connection refused)`);
    case 'ENOTFOUND': case 'EAI_AGAIN': return new Error(`cannot resolve the syslog collector's host name ${settings.host}`);
    case 'ETIMEDOUT': return new Error(`the syslog collector at ${where} did not answer within ${CONNECT_TIMEOUT_MS / 1000} s`);
    default:
      if (/certificate|self.signed|SSL|TLS|altnames/i.test(`${error.code ?? ''} ${error.message}`)) {
        return new Error(`TLS failure with the syslog collector at ${where}: ${error.message}${settings.caCertFile ? ` (trusted CA: ${settings.caCertFile})` : '; set caCertFile to the CA that signed its certificate'}`);
      }
      return new Error(`syslog to ${where} failed: ${error.message}`);
  }
}

/** Sends the messages over one TLS connection, octet-counted (RFC 5425), and resolves once the connection closed cleanly. */
export async function sendTls(messages: readonly string[], settings: SyslogSettings, token: CancellationToken): Promise<void> {
  const [ca, cert, key] = await Promise.all([settings.caCertFile, settings.clientCertFile, settings.clientKeyFile].map((f) => (f ? readFile(f) : undefined)));
  if (token.isCancellationRequested) throw new CancellationError();
  await new Promise<void>((resolve, reject) => {
    const socket = connect({
      host: settings.host, port: settings.port, minVersion: 'TLSv1.2',
      ...(isIP(settings.host) ? {} : { servername: settings.host }), ...(ca && { ca }), ...(cert && { cert }), ...(key && { key }),
    });
    let settled = false;
    const finish = (error?: Error): void => {
      if (settled) return;
      settled = true;
      cancel.dispose();
      socket.destroy();
      if (error) reject(error);
      else resolve();
    };
    const cancel = token.onCancellationRequested(() => finish(new CancellationError()));
    socket.setTimeout(CONNECT_TIMEOUT_MS, () => finish(transportError(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }), settings)));
    socket.once('error', (error: NodeJS.ErrnoException) => finish(transportError(error, settings)));
    socket.once('secureConnect', () => {
      socket.setTimeout(0);
      socket.end(Buffer.concat(messages.map(octetCounted)));
    });
    // The collector read what we wrote and closed its side too: only then are the entries taken.
    socket.once('close', (hadError) => finish(hadError ? new Error(`the connection to ${settings.host}:${settings.port} broke while sending`) : undefined));
    socket.resume();
  });
}

/** One datagram per message (RFC 5426); UDP cannot tell whether anyone received them. */
export async function sendUdp(messages: readonly string[], settings: SyslogSettings, token: CancellationToken): Promise<void> {
  const socket = createSocket(isIP(settings.host) === 6 ? 'udp6' : 'udp4');
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', (error: NodeJS.ErrnoException) => reject(transportError(error, settings)));
      socket.connect(settings.port, settings.host, () => resolve());
    });
    for (const message of messages) {
      if (token.isCancellationRequested) throw new CancellationError();
      await new Promise<void>((resolve, reject) => socket.send(Buffer.from(message, 'utf8'), (error) => (error ? reject(transportError(error, settings)) : resolve())));
    }
  } finally {
    socket.close();
  }
}
