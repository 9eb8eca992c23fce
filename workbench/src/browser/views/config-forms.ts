import { parse } from 'jsonc-parser';
import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { JsonObject, JsonValue } from '../api/api-types.js';
import { sharedStyles } from '../shell/shared-styles.js';
import { StateController, type WorkbenchState } from '../state/workbench-state.js';
import { humanize } from '../widgets/format.js';
import { asSchema, isObject, type Schema } from '../widgets/schema/json-schema.js';
import type { SchemaForm } from '../widgets/schema/schema-form.js';
import '../widgets/schema/schema-form.js';
import { formIssues, type FormIssues, NO_ISSUES } from './form-issues.js';

/** Sections with an editor of their own (Repositories, Plans) or none worth one. */
const ELSEWHERE = new Set(['repositories', 'plans', '$schema']);
const TITLES: Record<string, string> = {
  notifications: 'Notifications', policies: 'Policies', hooks: 'Hooks (every plan)', limits: 'Limits', window: 'Backup window',
  retention: 'Retention by tag', retry: 'Retries', concurrency: 'Concurrency', locks: 'Repository locks', plugins: 'Plugin settings',
};
/** The sections people look for first come first; the rest follow in schema order. */
const ORDER = ['notifications', 'policies', 'hooks', 'limits', 'window', 'retention', 'plugins'];

/**
 * Every other section of the config as a form generated from the composed schema: notifiers and rules, policies,
 * global hooks, limits, windows, retention by tag, retries, plugin settings (whatever plugins contribute). Each
 * section saves on its own, keeping the file's comments.
 */
@customElement('tl-config-forms')
export class ConfigForms extends LitElement {
  static override styles = [sharedStyles, css`
    :host { display: grid; grid-template-columns: 200px 1fr; height: 100%; }
    nav { border-right: 1px solid var(--tl-bg-bar); overflow: auto; padding: 6px 0; }
    nav button { display: block; width: 100%; text-align: left; background: none; border: none; border-left: 2px solid transparent; color: var(--tl-fg); padding: 5px 12px; border-radius: 0; }
    nav button[aria-current='true'] { background: var(--tl-selection); border-left-color: var(--tl-accent); }
    .page { max-width: 780px; }
    .banner { border-left: 4px solid var(--tl-error); background: var(--tl-bg-alt); padding: 6px 10px; margin: 8px 0; }
  `];

  @property({ attribute: false }) state!: WorkbenchState;
  @state() private root: Schema | undefined;
  @state() private config: JsonObject = {};
  @state() private section = 'notifications';
  @state() private value: JsonValue | undefined;
  @state() private issues: FormIssues = NO_ISSUES;
  @state() private dirty = false;
  @state() private busy = false;
  @query('tl-schema-form') private form?: SchemaForm;

  override connectedCallback(): void {
    super.connectedCallback();
    new StateController(this, this.state, ['config', 'plugins'], () => {
      if (!this.dirty) void this.load();
    });
    // Shown again (tab or view switch): keep what the user typed.
    if (this.root === undefined) void this.load();
  }

  private async load(): Promise<void> {
    const [schema, config] = await Promise.all([
      this.state.attempt('Loading the config schema', () => this.state.configSchema()),
      this.state.attempt('Loading the config', () => this.state.api.config()),
    ]);
    if (schema) this.root = asSchema(schema);
    if (config) this.config = (parse(config.text) as JsonObject | undefined) ?? {};
    this.choose(this.section);
  }

  private get sections(): string[] {
    const keys = Object.keys(this.root?.properties ?? {}).filter((key) => !ELSEWHERE.has(key));
    return [...ORDER.filter((key) => keys.includes(key)), ...keys.filter((key) => !ORDER.includes(key))];
  }

  private choose(section: string): void {
    this.section = section;
    this.value = this.config[section] === undefined ? {} : { [section]: this.config[section]! };
    this.issues = NO_ISSUES;
    this.dirty = false;
  }

  private async save(event: Event): Promise<void> {
    event.preventDefault();
    const problems = (this.form?.problems ?? []).map((p) => `${p.label} ${p.message}`);
    if (problems.length) {
      this.issues = { fields: this.issues.fields, messages: problems };
      return;
    }
    const next = isObject(this.value) ? this.value[this.section] : undefined;
    this.busy = true;
    try {
      await this.state.api.setConfigValue([this.section], next);
      this.issues = NO_ISSUES;
      this.dirty = false;
      this.state.notify('info', `${this.sectionTitle(this.section)} saved.`, `config:${this.section}`);
      this.state.emit('config');
    } catch (error) {
      this.issues = formIssues(error, '');
    } finally {
      this.busy = false;
    }
  }

  private sectionTitle(key: string): string {
    return TITLES[key] ?? humanize(key);
  }

  protected override render(): TemplateResult {
    if (!this.root) return html`<div class="page muted">Loading…</div>`;
    const admin = this.state.can('admin');
    const schema: Schema = { type: 'object', properties: { [this.section]: { ...(this.root.properties?.[this.section] as Schema), title: this.sectionTitle(this.section) } } };
    return html`<nav aria-label="Config sections">${this.sections.map((key) => html`<button aria-current=${key === this.section ? 'true' : 'false'}
        data-section=${key} @click=${() => this.choose(key)}>${this.sectionTitle(key)}</button>`)}</nav>
      <form class="page" aria-label=${this.sectionTitle(this.section)} @submit=${(e: Event) => this.save(e)} novalidate>
        <h1>${this.sectionTitle(this.section)}</h1>
        ${admin ? nothing : html`<p class="warning">Changing the configuration needs the admin role; you can read it.</p>`}
        ${this.issues.messages.length ? html`<div class="banner" role="alert"><strong>Not saved:</strong><ul>${this.issues.messages.map((m) => html`<li>${m}</li>`)}</ul></div>` : nothing}
        <tl-schema-form .idPrefix=${`config-${this.section}-`} .schema=${schema} .root=${this.root} .value=${this.value} .issues=${this.issues.fields}
          ?disabled=${!admin} @value-changed=${(e: CustomEvent<JsonValue>) => { this.value = e.detail; this.dirty = true; }}></tl-schema-form>
        <p><button type="submit" data-action="save" ?disabled=${!admin || this.busy || !this.dirty}>${this.busy ? 'Saving…' : `Save ${this.sectionTitle(this.section).toLowerCase()}`}</button>
          ${this.dirty ? html`<button type="button" class="secondary" @click=${() => this.choose(this.section)}>Discard changes</button>` : nothing}</p>
      </form>`;
  }
}
