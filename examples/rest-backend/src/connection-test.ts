import type { CancellationToken, ConnectionTestResult, JsonObject } from '@timelocker/plugin-api';
import { settingsOf } from './rest-location.js';

const TIMEOUT_MS = 10_000;

/** restic's REST protocol: `HEAD <repo>/config` is 200 for an initialized repository and 404 otherwise. */
export async function testRestConnection(config: JsonObject, token: CancellationToken): Promise<ConnectionTestResult> {
  const { url } = settingsOf(config);
  const controller = new AbortController();
  const subscription = token.onCancellationRequested(() => controller.abort());
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    const response = await fetch(new URL('config', url), { method: 'HEAD', signal: controller.signal });
    if (response.ok) return { status: 'ok', message: `restic repository found at ${url.href}` };
    if (response.status === 404) return { status: 'not-found', message: `no restic repository at ${url.href}`, hint: 'timelocker repo init <name>' };
    if (response.status === 401 || response.status === 403) return { status: 'auth-failed', message: `${url.host} refused access (${response.status})` };
    return { status: 'error', message: `${url.host} answered ${response.status} ${response.statusText}` };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    if (cause?.code?.startsWith('CERT_') || cause?.code === 'DEPTH_ZERO_SELF_SIGNED_CERT' || cause?.code === 'SELF_SIGNED_CERT_IN_CHAIN') {
      return { status: 'tls-error', message: `TLS with ${url.host} failed: ${cause.message ?? cause.code}` };
    }
    return { status: 'unreachable', message: `${url.host} is not reachable: ${cause?.message ?? (error as Error).message}` };
  } finally {
    clearTimeout(timer);
    subscription.dispose();
  }
}
