import { createHmac } from 'node:crypto';
import type { CancellationToken, JsonObject, NotificationDto, Notifier, SecretValues } from '@timelocker/plugin-api';

export const SIGNATURE_HEADER = 'X-TimeLocker-Signature';
const DEFAULT_TIMEOUT_MS = 10_000;

/** `sha256=<hex>` over the exact bytes sent, so a receiver verifies before parsing. */
export function signature(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

export function webhookPayload(notification: NotificationDto, sentAt: Date): JsonObject {
  return {
    source: 'TimeLocker',
    event: notification.event,
    severity: notification.severity,
    title: notification.title,
    body: notification.body,
    details: notification.details,
    sentAt: sentAt.toISOString(),
  };
}

function extraHeaders(config: JsonObject): Record<string, string> {
  const headers = config['headers'];
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) return {};
  return Object.fromEntries(Object.entries(headers).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

async function post(notification: NotificationDto, config: JsonObject, secrets: SecretValues, token: CancellationToken): Promise<void> {
  const url = String(config['url']);
  const body = JSON.stringify(webhookPayload(notification, new Date()));
  const headers: Record<string, string> = { ...extraHeaders(config), 'Content-Type': 'application/json', 'User-Agent': 'TimeLocker', 'X-TimeLocker-Event': notification.event };
  const secret = secrets['hmacSecret'];
  if (secret) headers[SIGNATURE_HEADER] = signature(body, secret);
  const timeoutMs = typeof config['timeoutMs'] === 'number' ? config['timeoutMs'] : DEFAULT_TIMEOUT_MS;
  const controller = new AbortController();
  const subscription = token.onCancellationRequested(() => controller.abort());
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(url, { method: 'POST', headers, body, signal: controller.signal, redirect: 'error' });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`webhook ${url} answered HTTP ${response.status} ${response.statusText}`);
  } catch (error) {
    if (controller.signal.aborted) throw new Error(`webhook ${url} did not answer within ${timeoutMs} ms`);
    // fetch hides the reason (e.g. ECONNREFUSED) in `cause`.
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    throw error instanceof Error && !cause ? error : new Error(`webhook ${url} failed: ${cause ?? String(error)}`);
  } finally {
    clearTimeout(timer);
    subscription.dispose();
  }
}

/** POSTs the notification as JSON; signs it with HMAC-SHA256 when the `hmacSecret` secret is configured. */
export const webhookNotifier: Notifier = { send: post };
