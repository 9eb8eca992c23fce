import { html, nothing, type TemplateResult } from 'lit';
import type { JsonObject, JsonValue } from '../api/api-types.js';

interface PropertySchema {
  type?: string | string[];
  description?: string;
  title?: string;
  enum?: JsonValue[];
  default?: JsonValue;
  pattern?: string;
}

/** The editable scalar properties of a backend's `configSchema` (nested objects are left to the config editor). */
export function schemaFields(schema: JsonObject): Array<{ key: string; schema: PropertySchema; required: boolean }> {
  const properties = (schema['properties'] ?? {}) as Record<string, PropertySchema>;
  const required = new Set((schema['required'] ?? []) as string[]);
  return Object.entries(properties)
    .filter(([, p]) => ['string', 'number', 'integer', 'boolean'].includes(String(Array.isArray(p.type) ? p.type[0] : p.type ?? 'string')) || p.enum)
    .map(([key, p]) => ({ key, schema: p, required: required.has(key) }));
}

/** Reads the form back into typed settings; empty optional fields are left out. */
export function readSchemaForm(form: HTMLFormElement, schema: JsonObject, prefix = 'setting.'): JsonObject {
  const settings: JsonObject = {};
  for (const { key, schema: p } of schemaFields(schema)) {
    const input = form.elements.namedItem(`${prefix}${key}`) as HTMLInputElement | HTMLSelectElement | null;
    if (!input) continue;
    const type = Array.isArray(p.type) ? p.type[0] : p.type;
    if (type === 'boolean') settings[key] = (input as HTMLInputElement).checked;
    else if (input.value === '') continue;
    else if (type === 'number' || type === 'integer') settings[key] = Number(input.value);
    else settings[key] = input.value;
  }
  return settings;
}

/**
 * JSON-schema patterns match anywhere; HTML `pattern` must match the whole value. Browsers compile it with the `v`
 * flag, which refuses some patterns that are fine for ajv (an unescaped "-" in a class): those are left to the server.
 */
function htmlPattern(pattern: string): string | undefined {
  const whole = `[\\s\\S]*(?:${pattern})[\\s\\S]*`;
  try {
    new RegExp(whole, 'v');
    return whole;
  } catch {
    return undefined;
  }
}

/** Renders one labelled input per property; HTML validation mirrors `required` and `pattern`. */
export function renderSchemaForm(schema: JsonObject, prefix = 'setting.'): TemplateResult {
  return html`${schemaFields(schema).map(({ key, schema: p, required }) => {
    const id = `${prefix}${key}`;
    const type = Array.isArray(p.type) ? p.type[0] : p.type;
    const label = html`<label for=${id}>${p.title ?? key}${required ? ' *' : ''}</label>`;
    const help = p.description ? html`<div class="muted" id="${id}-help">${p.description}</div>` : nothing;
    if (p.enum) {
      return html`${label}<select id=${id} name=${id} ?required=${required} aria-describedby="${id}-help">
        ${required ? nothing : html`<option value=""></option>`}
        ${p.enum.map((v) => html`<option value=${String(v)} ?selected=${v === p.default}>${String(v)}</option>`)}</select>${help}`;
    }
    if (type === 'boolean') {
      return html`<label><input type="checkbox" id=${id} name=${id} ?checked=${p.default === true}> ${p.title ?? key}</label>${help}`;
    }
    return html`${label}<input id=${id} name=${id} type=${type === 'number' || type === 'integer' ? 'number' : 'text'}
      ?required=${required} pattern=${(p.pattern ? htmlPattern(p.pattern) : undefined) ?? nothing} .value=${p.default === undefined ? '' : String(p.default)}
      aria-describedby="${id}-help" size="40">${help}`;
  })}`;
}
