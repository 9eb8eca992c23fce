import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { JsonValue } from '../../api/api-types.js';
import { sharedStyles } from '../../shell/shared-styles.js';
import { humanize } from '../format.js';
import { listProblem, scalarProblem } from './field-validation.js';
import { getIn, isObject, kindOf, objectProperties, type Path, pointer, resolve, type Schema, setIn } from './json-schema.js';

export interface FieldContext {
  readonly path: Path;
  readonly schema: Schema;
  readonly value: JsonValue | undefined;
  readonly id: string;
  readonly label: string;
  readonly required: boolean;
  /** The server's verdict on this field after a refused save, or the form's own. */
  readonly problem: string | undefined;
  set(value: JsonValue | undefined): void;
}

/** Renders one field its own way (a cron helper, a retention preview …); keyed by the path with indexes as `*`. */
export type FieldOverride = (context: FieldContext) => TemplateResult;

const overrideKey = (path: Path): string => path.map((p) => (typeof p === 'number' ? '*' : p)).join('.');

/**
 * A form generated from a JSON schema (the composed config schema, so plugins' settings get forms too): objects as
 * fieldsets, maps and lists with add/remove, enums as selects or checkboxes, `oneOf` as a choice of variants, and
 * the composed schema's `if`/`then` branches (a backend's own keys) following the current value. It never drops
 * keys it does not know. Emits `value-changed` with the whole new value.
 */
@customElement('tl-schema-form')
export class SchemaForm extends LitElement {
  static override styles = [sharedStyles, css`
    :host { display: block; }
    fieldset { border: 1px solid var(--tl-border); border-radius: 4px; margin: 8px 0; padding: 4px 10px 10px; min-width: 0; }
    legend { font-weight: 600; padding: 0 4px; }
    .field { margin: 6px 0; }
    .field > input:not([type='checkbox']), .field > select, .field > textarea { width: 100%; box-sizing: border-box; }
    .help { color: var(--tl-muted); font-size: 12px; }
    .problem { color: var(--tl-error); font-size: 12px; }
    [aria-invalid='true'] { border-color: var(--tl-error); }
    .row { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; }
    .checks { display: flex; flex-wrap: wrap; gap: 4px 14px; }
    .checks label, label.inline { display: inline-flex; gap: 4px; align-items: center; margin: 0; }
    .entry { border-left: 2px solid var(--tl-bg-bar); padding-left: 8px; margin: 6px 0; }
    textarea { font-family: var(--tl-mono); }
  `];

  @property({ attribute: false }) schema: Schema = {};
  /** The schema `$ref`s point into (the composed config schema). */
  @property({ attribute: false }) root: Schema = {};
  @property({ attribute: false }) value: JsonValue | undefined;
  /** Server issues by JSON pointer relative to this form's value. */
  @property({ attribute: false }) issues: ReadonlyMap<string, string> = new Map();
  @property({ attribute: false }) overrides: Readonly<Record<string, FieldOverride>> = {};
  /** Top-level keys shown elsewhere by the editor (e.g. a repository's backend). */
  @property({ attribute: false }) omit: ReadonlySet<string> = new Set();
  /** Top-level keys to show first, in this order. */
  @property({ attribute: false }) order: readonly string[] = [];
  @property({ type: Boolean }) disabled = false;
  @property() idPrefix = 'f';
  /** Text of list fields as typed (a trailing newline must survive until the next line is typed). */
  private readonly drafts = new Map<string, string>();
  private found: Array<{ path: string; label: string; message: string }> = [];

  /** The form's own problems as of the last render: an editor refuses to save while there are any. */
  get problems(): ReadonlyArray<{ path: string; label: string; message: string }> {
    return this.found;
  }

  private update$(path: Path, next: JsonValue | undefined): void {
    this.value = setIn(this.value, path, next);
    this.dispatchEvent(new CustomEvent('value-changed', { detail: this.value }));
  }

  private context(path: Path, schema: Schema, required: boolean, label?: string): FieldContext {
    const value = getIn(this.value, path);
    return {
      path, schema, value, required, id: `${this.idPrefix}${pointer(path).replace(/[^A-Za-z0-9_-]/g, '-')}`,
      label: label ?? schema.title ?? humanize(String(path[path.length - 1] ?? '')),
      problem: this.issues.get(pointer(path)),
      set: (next) => this.update$(path, next),
    };
  }

  protected override willUpdate(): void {
    this.found = [];
  }

  protected override render(): TemplateResult {
    return this.object(this.context([], resolve(this.schema, this.root), true), true);
  }

  private note(ctx: FieldContext, problem: string | undefined): string | undefined {
    const shown = problem ?? ctx.problem;
    if (problem) this.found.push({ path: pointer(ctx.path), label: ctx.label, message: problem });
    return shown;
  }

  private decorations(ctx: FieldContext, problem: string | undefined): TemplateResult {
    return html`${ctx.schema.description ? html`<div class="help" id="${ctx.id}-help">${ctx.schema.description}</div>` : nothing}
      ${problem ? html`<div class="problem" id="${ctx.id}-problem" data-problem=${pointer(ctx.path)}>${ctx.label} ${problem}</div>` : nothing}`;
  }

  private describedBy(ctx: FieldContext, problem: string | undefined): string {
    return [ctx.schema.description ? `${ctx.id}-help` : '', problem ? `${ctx.id}-problem` : ''].filter(Boolean).join(' ');
  }

  private field(path: Path, schema: Schema, required: boolean): TemplateResult {
    const ctx = this.context(path, resolve(schema, this.root), required);
    const override = this.overrides[overrideKey(path)];
    if (override) return override(ctx);
    switch (kindOf(ctx.schema)) {
      case 'object': return this.optionalObject(ctx);
      case 'map': return this.map(ctx);
      case 'list': return this.list(ctx);
      case 'variants': return this.variants(ctx);
      case 'enum': return this.enumField(ctx);
      case 'boolean': return this.booleanField(ctx);
      case 'unavailable': return html`<div class="field"><span>${ctx.label}</span><div class="problem">${ctx.schema.errorMessage}</div></div>`;
      case 'json': return this.jsonField(ctx);
      default: return this.scalar(ctx);
    }
  }

  private object(ctx: FieldContext, top = false): TemplateResult {
    const properties = objectProperties(ctx.schema, ctx.value, this.root);
    const required = new Set(ctx.schema.required ?? []);
    const rank = (key: string): number => (top && this.order.includes(key) ? this.order.indexOf(key) : this.order.length);
    const fields = Object.entries(properties).filter(([key]) => !(top && this.omit.has(key))).sort(([a], [b]) => rank(a) - rank(b))
      .map(([key, schema]) => this.field([...ctx.path, key], schema, required.has(key)));
    return top ? html`${fields}` : html`<fieldset data-path=${pointer(ctx.path)}><legend>${ctx.label}</legend>
      ${ctx.schema.description ? html`<div class="help">${ctx.schema.description}</div>` : nothing}${fields}</fieldset>`;
  }

  /** An optional section is added on request: an empty object would often be invalid (a window needs start and end). */
  private optionalObject(ctx: FieldContext): TemplateResult {
    if (ctx.required || isObject(ctx.value)) {
      return html`${this.object(ctx)}${ctx.required ? nothing : html`<button type="button" class="secondary" ?disabled=${this.disabled}
        @click=${() => ctx.set(undefined)}>Remove ${ctx.label.toLowerCase()}</button>`}`;
    }
    return html`<div class="field"><button type="button" class="secondary" data-add=${pointer(ctx.path)} ?disabled=${this.disabled}
      @click=${() => ctx.set({})}>Add ${ctx.label.toLowerCase()}</button>${ctx.schema.description ? html`<div class="help">${ctx.schema.description}</div>` : nothing}</div>`;
  }

  private map(ctx: FieldContext): TemplateResult {
    const entries = isObject(ctx.value) ? Object.keys(ctx.value) : [];
    const itemSchema = ctx.schema.additionalProperties as Schema;
    const add = (row: HTMLElement | null): void => {
      const input = row?.querySelector('input');
      const name = input?.value.trim();
      if (!input || !name || entries.includes(name)) return;
      input.value = '';
      this.update$([...ctx.path, name], {});
    };
    return html`<fieldset data-path=${pointer(ctx.path)}><legend>${ctx.label}</legend>
      ${ctx.schema.description ? html`<div class="help">${ctx.schema.description}</div>` : nothing}
      ${entries.map((name) => html`<div class="entry">${this.field([...ctx.path, name], { ...itemSchema, title: name }, true)}
        <button type="button" class="secondary" ?disabled=${this.disabled} @click=${() => this.update$([...ctx.path, name], undefined)}>Remove ${name}</button></div>`)}
      <div class="row"><label for="${ctx.id}-new" class="inline">Name of a new entry in ${ctx.label.toLowerCase()}</label>
        <input id="${ctx.id}-new" ?disabled=${this.disabled} @keydown=${(e: KeyboardEvent) => { if (e.key === 'Enter') { e.preventDefault(); add((e.target as HTMLElement).parentElement); } }}>
        <button type="button" class="secondary" ?disabled=${this.disabled} @click=${(e: Event) => add((e.target as HTMLElement).parentElement)}>Add</button></div>
    </fieldset>`;
  }

  private list(ctx: FieldContext): TemplateResult {
    const items = Array.isArray(ctx.value) ? ctx.value : [];
    const itemSchema = resolve(ctx.schema.items, this.root);
    const itemKind = kindOf(itemSchema);
    if (itemKind === 'enum') {
      const problem = this.note(ctx, ctx.required || items.length ? listProblem(ctx.schema, items, {}) : undefined);
      return html`<fieldset class="field" data-path=${pointer(ctx.path)} aria-describedby=${this.describedBy(ctx, problem)}><legend>${ctx.label}</legend>
        <div class="checks">${(itemSchema.enum ?? []).map((option) => html`<label><input type="checkbox" .checked=${items.includes(option)} ?disabled=${this.disabled}
          @change=${(e: Event) => ctx.set(this.toggled(items, option, (e.target as HTMLInputElement).checked, itemSchema.enum ?? []))}> ${String(option)}</label>`)}</div>
        ${this.decorations(ctx, problem)}</fieldset>`;
    }
    if (itemKind === 'object' || itemKind === 'variants' || itemKind === 'map') {
      return html`<fieldset data-path=${pointer(ctx.path)}><legend>${ctx.label}</legend>
        ${ctx.schema.description ? html`<div class="help">${ctx.schema.description}</div>` : nothing}
        ${items.map((_, index) => html`<div class="entry">${this.field([...ctx.path, index], { ...itemSchema, title: `${ctx.label} ${index + 1}` }, true)}
          <button type="button" class="secondary" ?disabled=${this.disabled} @click=${() => this.update$([...ctx.path, index], undefined)}>Remove ${ctx.label.toLowerCase()} ${index + 1}</button></div>`)}
        <button type="button" class="secondary" data-add=${pointer(ctx.path)} ?disabled=${this.disabled} @click=${() => ctx.set([...items, {}])}>Add ${ctx.label.toLowerCase()}</button>
      </fieldset>`;
    }
    const key = pointer(ctx.path);
    const text = this.drafts.get(key) ?? items.map(String).join('\n');
    const problem = this.note(ctx, ctx.required || items.length ? listProblem(ctx.schema, items, itemSchema) : undefined) ?? this.itemIssue(key);
    const numeric = itemKind === 'number' || itemKind === 'integer';
    return html`<div class="field"><label for=${ctx.id}>${ctx.label}${ctx.required ? ' *' : ''} <span class="help">(one per line)</span></label>
      <textarea id=${ctx.id} rows=${Math.min(8, Math.max(2, items.length + 1))} .value=${text} ?disabled=${this.disabled}
        aria-invalid=${problem ? 'true' : 'false'} aria-describedby=${this.describedBy(ctx, problem)}
        @input=${(e: Event) => {
          const raw = (e.target as HTMLTextAreaElement).value;
          this.drafts.set(key, raw);
          const lines = raw.split('\n').map((l) => l.trim()).filter(Boolean);
          ctx.set(lines.length ? lines.map((l) => (numeric ? Number(l) : l)) : undefined);
        }}
        @blur=${() => { this.drafts.delete(key); this.requestUpdate(); }}></textarea>${this.decorations(ctx, problem)}</div>`;
  }

  /** A server issue about one line of a list shows at the list, naming the line. */
  private itemIssue(key: string): string | undefined {
    for (const [path, message] of this.issues) {
      const index = path.startsWith(`${key}/`) ? Number(path.slice(key.length + 1)) : Number.NaN;
      if (Number.isInteger(index)) return `line ${index + 1}: ${message}`;
    }
    return undefined;
  }

  private toggled(items: readonly JsonValue[], option: JsonValue, on: boolean, order: readonly JsonValue[]): JsonValue[] | undefined {
    const next = order.filter((o) => (o === option ? on : items.includes(o)));
    return next.length ? next : undefined;
  }

  private variants(ctx: FieldContext): TemplateResult {
    const variants = (ctx.schema.oneOf ?? ctx.schema.anyOf ?? []).map((v) => resolve(v, this.root));
    const label = (v: Schema): string => v.title ?? (v.required?.length === 1 ? humanize(v.required[0]!) : humanize(String(v.type ?? 'value')));
    const fits = (v: Schema): boolean => (v.required?.length ? isObject(ctx.value) && v.required.every((k) => ctx.value !== undefined && (ctx.value as Record<string, unknown>)[k] !== undefined)
      : typeof ctx.value === (v.type === 'integer' ? 'number' : v.type));
    const index = ctx.value === undefined ? -1 : variants.findIndex(fits);
    const chosen = variants[index];
    const initial = (v: Schema): JsonValue => {
      const key = v.required?.[0];
      if (key) return { [key]: resolve(v.properties?.[key], this.root).const ?? '' };
      return v.type === 'boolean' ? true : v.type === 'object' ? {} : '';
    };
    return html`<fieldset class="field" data-path=${pointer(ctx.path)}><legend>${ctx.label}</legend>
      <label for="${ctx.id}-variant" class="inline">Kind</label>
      <select id="${ctx.id}-variant" ?disabled=${this.disabled} @change=${(e: Event) => {
        const i = Number((e.target as HTMLSelectElement).value);
        ctx.set(i < 0 ? undefined : initial(variants[i]!));
      }}>
        ${ctx.required ? nothing : html`<option value="-1" ?selected=${index < 0}>(not set)</option>`}
        ${variants.map((v, i) => html`<option value=${i} ?selected=${i === index}>${label(v)}</option>`)}
      </select>
      ${chosen ? this.variantBody(ctx, chosen) : nothing}
      ${ctx.schema.description ? html`<div class="help">${ctx.schema.description}</div>` : nothing}</fieldset>`;
  }

  private variantBody(ctx: FieldContext, variant: Schema): TemplateResult | typeof nothing {
    const kind = kindOf(variant);
    if (kind === 'object') {
      const properties = objectProperties(variant, ctx.value, this.root);
      return html`${Object.entries(properties).filter(([, s]) => s.const === undefined)
        .map(([key, schema]) => this.field([...ctx.path, key], schema, (variant.required ?? []).includes(key)))}`;
    }
    if (kind === 'boolean') return this.booleanField({ ...ctx, schema: variant });
    return kind === 'enum' ? this.enumField({ ...ctx, schema: variant }) : this.scalar({ ...ctx, schema: variant });
  }

  private enumField(ctx: FieldContext): TemplateResult {
    const options = ctx.schema.enum ?? [];
    const index = options.findIndex((o) => o === ctx.value);
    const problem = this.note(ctx, ctx.required && ctx.value === undefined ? 'is required' : undefined);
    return html`<div class="field"><label for=${ctx.id}>${ctx.label}${ctx.required ? ' *' : ''}</label>
      <select id=${ctx.id} ?disabled=${this.disabled} aria-describedby=${this.describedBy(ctx, problem)} aria-invalid=${problem ? 'true' : 'false'}
        @change=${(e: Event) => { const i = Number((e.target as HTMLSelectElement).value); ctx.set(i < 0 ? undefined : options[i]); }}>
        ${ctx.required && index >= 0 ? nothing : html`<option value="-1" ?selected=${index < 0}>${ctx.schema.default !== undefined ? `(default: ${String(ctx.schema.default)})` : '(not set)'}</option>`}
        ${options.map((o, i) => html`<option value=${i} ?selected=${i === index}>${String(o)}</option>`)}
      </select>${this.decorations(ctx, problem)}</div>`;
  }

  private booleanField(ctx: FieldContext): TemplateResult {
    return html`<div class="field"><label class="inline"><input type="checkbox" id=${ctx.id} .checked=${ctx.value === true} ?disabled=${this.disabled}
      aria-describedby=${this.describedBy(ctx, undefined)} @change=${(e: Event) => ctx.set((e.target as HTMLInputElement).checked ? true : (ctx.required ? false : undefined))}>
      ${ctx.label}</label>${this.decorations(ctx, undefined)}</div>`;
  }

  private scalar(ctx: FieldContext): TemplateResult {
    const numeric = kindOf(ctx.schema) === 'number' || kindOf(ctx.schema) === 'integer';
    const problem = this.note(ctx, scalarProblem(ctx.schema, ctx.value, ctx.required));
    const suggestions = ctx.schema.examples ?? [];
    return html`<div class="field"><label for=${ctx.id}>${ctx.label}${ctx.required ? ' *' : ''}</label>
      ${suggestions.length ? html`<datalist id="${ctx.id}-suggestions">${suggestions.map((s) => html`<option value=${String(s)}></option>`)}</datalist>` : nothing}
      <input id=${ctx.id} type=${numeric ? 'number' : 'text'} .value=${ctx.value === undefined ? '' : String(ctx.value)} ?disabled=${this.disabled}
        list=${suggestions.length ? `${ctx.id}-suggestions` : nothing}
        placeholder=${ctx.schema.default !== undefined ? `default: ${String(ctx.schema.default)}` : nothing}
        aria-invalid=${problem ? 'true' : 'false'} aria-describedby=${this.describedBy(ctx, problem)} autocomplete="off"
        @input=${(e: Event) => {
          const raw = (e.target as HTMLInputElement).value;
          ctx.set(raw === '' ? undefined : numeric ? (Number.isNaN(Number(raw)) ? raw : Number(raw)) : raw);
        }}>${this.decorations(ctx, problem)}</div>`;
  }

  /** Free-form settings without a schema: edited as JSON. */
  private jsonField(ctx: FieldContext): TemplateResult {
    const key = pointer(ctx.path);
    const text = this.drafts.get(key) ?? (ctx.value === undefined ? '' : JSON.stringify(ctx.value, null, 2));
    let problem: string | undefined;
    try { if (text.trim()) JSON.parse(text); } catch { problem = 'is not valid JSON'; }
    problem = this.note(ctx, problem);
    return html`<div class="field"><label for=${ctx.id}>${ctx.label} <span class="help">(JSON)</span></label>
      <textarea id=${ctx.id} rows="4" .value=${text} ?disabled=${this.disabled} aria-invalid=${problem ? 'true' : 'false'} aria-describedby=${this.describedBy(ctx, problem)}
        @input=${(e: Event) => {
          const raw = (e.target as HTMLTextAreaElement).value;
          this.drafts.set(key, raw);
          try { ctx.set(raw.trim() ? JSON.parse(raw) as JsonValue : undefined); } catch { this.requestUpdate(); }
        }}></textarea>${this.decorations(ctx, problem)}</div>`;
  }
}
