import { readFile } from 'node:fs/promises';
import type { CancellationToken, JsonObject, NotificationDto, Notifier, SecretValues } from '@timelocker/plugin-api';
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';

const IMPLICIT_TLS_PORT = 465;

export interface MailContent {
  readonly subject: string;
  readonly text: string;
}

export function mailContent(notification: NotificationDto): MailContent {
  const details = Object.entries(notification.details).map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return {
    subject: `[TimeLocker] ${notification.title}`,
    text: [notification.body, '', `Event: ${notification.event}`, `Severity: ${notification.severity}`, ...details, '', '-- TimeLocker'].join('\n'),
  };
}

/** SMTP options: implicit TLS on 465, otherwise STARTTLS is required unless explicitly turned off. */
export async function transportOptions(config: JsonObject, secrets: SecretValues): Promise<SMTPTransport.Options> {
  const port = typeof config['port'] === 'number' ? config['port'] : 587;
  const secure = typeof config['secure'] === 'boolean' ? config['secure'] : port === IMPLICIT_TLS_PORT;
  const starttls = !secure && config['starttls'] !== false;
  const user = typeof config['user'] === 'string' ? config['user'] : undefined;
  const password = secrets['password'];
  if (user && !password) throw new Error('the email notifier has a user but no password: set "password": { "keyring": true } (or env/file/command) in its config');
  const ca = typeof config['caFile'] === 'string' ? await readFile(config['caFile'], 'utf8') : undefined;
  return {
    host: String(config['host']),
    port,
    secure,
    requireTLS: starttls,
    ignoreTLS: !secure && !starttls,
    ...(user && password ? { auth: { user, pass: password } } : {}),
    tls: { minVersion: 'TLSv1.2', ...(ca ? { ca } : {}) },
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  };
}

async function send(notification: NotificationDto, config: JsonObject, secrets: SecretValues, token: CancellationToken): Promise<void> {
  const transport = nodemailer.createTransport(await transportOptions(config, secrets));
  const subscription = token.onCancellationRequested(() => transport.close());
  try {
    const to = Array.isArray(config['to']) ? config['to'].map(String) : [String(config['to'])];
    await transport.sendMail({ from: String(config['from']), to, ...mailContent(notification) });
  } finally {
    subscription.dispose();
    transport.close();
  }
}

/** Sends the notification as a plain-text mail over SMTP (nodemailer). */
export const emailNotifier: Notifier = { send };
