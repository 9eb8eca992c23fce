import type { JsonObject } from '@timelocker/plugin-api';

const setting = /\{([^{}[\]]+)\}/g;
const optionalPart = /\[([^[\]]*)\]/g;

/** The template with every `{key}` filled in from `settings`; undefined when one of them has no value. */
function fill(template: string, settings: JsonObject): string | undefined {
  let complete = true;
  const text = template.replace(setting, (_, key: string) => {
    const value = settings[key];
    if ((typeof value === 'string' && value !== '') || typeof value === 'number') return String(value);
    complete = false;
    return '';
  });
  return complete ? text : undefined;
}

/**
 * A backend's `displayLocation` template (`sftp:{user}@{host}:{path}[ (port {port})]`) filled from a repository's
 * settings: a `[…]` part whose settings are not all set is left out; a missing setting elsewhere means no location.
 */
export function displayLocation(template: string, settings: JsonObject): string | undefined {
  return fill(template.replace(optionalPart, (_, part: string) => fill(part, settings) ?? ''), settings);
}
