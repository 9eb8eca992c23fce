import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { Certificate } from '../support/s3-server.js';

export interface ReceivedMail {
  readonly raw: string;
  readonly from: string;
  readonly to: readonly string[];
  readonly user: string | undefined;
  readonly tls: boolean;
}

export interface SmtpReceiver {
  readonly port: number;
  readonly mails: ReceivedMail[];
  readonly authFailures: string[];
  stop(): Promise<void>;
}

/**
 * A real SMTP server on 127.0.0.1 (npm smtp-server): STARTTLS (or implicit TLS with `implicitTls`) with a self-signed
 * certificate; AUTH only after TLS, with one valid user/password.
 */
export async function startSmtpReceiver(cert: Certificate, user: string, password: string, implicitTls = false): Promise<SmtpReceiver> {
  const mails: ReceivedMail[] = [];
  const authFailures: string[] = [];
  const server = new SMTPServer({
    secure: implicitTls,
    key: await readFile(cert.keyFile),
    cert: await readFile(cert.certFile),
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === user && auth.password === password) return callback(null, { user });
      authFailures.push(auth.username ?? '');
      callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      let raw = '';
      stream.setEncoding('utf8').on('data', (d: string) => (raw += d)).on('end', () => {
        mails.push({
          raw,
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          user: typeof session.user === 'string' ? session.user : undefined,
          tls: session.secure,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return { port, mails, authFailures, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export interface ReceivedHook {
  readonly headers: IncomingHttpHeaders;
  readonly raw: string;
  readonly body: Record<string, unknown>;
}

export interface HookReceiver {
  readonly url: string;
  readonly hooks: ReceivedHook[];
  stop(): Promise<void>;
}

/** A real HTTP endpoint on 127.0.0.1 that records every POST and answers 204. */
export async function startHookReceiver(): Promise<HookReceiver> {
  const hooks: ReceivedHook[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8').on('data', (d: string) => (raw += d)).on('end', () => {
      hooks.push({ headers: req.headers, raw, body: JSON.parse(raw) as Record<string, unknown> });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/timelocker`,
    hooks,
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** What a receiver computes to trust a hook: HMAC-SHA256 over the raw body with the shared key. */
export function expectedSignature(raw: string, key: string): string {
  return `sha256=${createHmac('sha256', key).update(raw, 'utf8').digest('hex')}`;
}

/** A port nothing listens on: bound, then released. */
export async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** The decoded text part of a simple nodemailer message (quoted-printable soft breaks and escapes undone). */
export function mailText(raw: string): string {
  const body = raw.slice(raw.indexOf('\r\n\r\n') + 4);
  if (!/content-transfer-encoding: quoted-printable/i.test(raw)) return body;
  return body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`) decoded; whitespace between adjacent words dropped. */
function decodeEncodedWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?([QB])\?([^?]*)\?=/gi, (_m, encoding: string, text: string) => encoding.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_h, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8'));
}

export function mailHeader(raw: string, name: string): string | undefined {
  const head = raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
  const value = new RegExp(`^${name}: (.*)$`, 'im').exec(head)?.[1];
  return value === undefined ? undefined : decodeEncodedWords(value);
}
