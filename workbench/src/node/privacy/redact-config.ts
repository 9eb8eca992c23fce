import type { JsonValue } from '@timelocker/plugin-api';

const secretKey = /secret|password|passphrase|token|api[-_]?key|access[-_]?key|credential/i;

/**
 * The config for an export: secret sources keep their kind and location (`env`, `file`, `keyring`) but a
 * password `command` may carry a token inline, so it is redacted, as is any string under a secret-sounding key.
 */
export function redactConfig(value: JsonValue, key = ''): JsonValue {
  if (Array.isArray(value)) return value.map((item) => redactConfig(item, key));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'command' && typeof v === 'string' ? '[redacted]' : redactConfig(v, k)]));
  }
  return typeof value === 'string' && secretKey.test(key) ? '[redacted]' : value;
}
