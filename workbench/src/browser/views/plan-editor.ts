import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { JsonObject, JsonValue } from '../api/api-types.js';
import { sharedStyles } from '../shell/shared-styles.js';
import { StateController, type WorkbenchState } from '../state/workbench-state.js';
import { confirmDialog } from '../widgets/confirm-dialog.js';
import '../widgets/cron-field.js';
import { asSchema, type Schema } from '../widgets/schema/json-schema.js';
import type { FieldContext, SchemaForm } from '../widgets/schema/schema-form.js';
import '../widgets/schema/schema-form.js';
import { formIssues, type FormIssues, NO_ISSUES } from './form-issues.js';
import { startJob } from './job-actions.js';
import { forgetWithPreview } from './maintenance-actions.js';
import './retention-preview.js';

export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** What people set up first comes first; keys not listed follow in the schema's order. */
const PLAN_ORDER = ['repository', 'paths', 'exclude', 'tags', 'schedule', 'window', 'retention', 'afterBackup', 'check', 'limits', 'hooks'];

/**
 * A plan's form, generated from the composed schema's plan definition: paths, excludes, tags, schedule (cron helper
 * and next runs), retention (with restic's own preview), window, limits, checks, hooks. Save, rename, delete, run.
 */
@customElement('tl-plan-editor')
export class PlanEditor extends LitElement {
  static override styles = [sharedStyles, css`
    .page { max-width: 760px; }
    .actions { display: flex; gap: 8px; flex-wrap: wrap; margin: 10px 0; position: sticky; bottom: 0; background: var(--tl-bg); padding: 6px 0; }
    #plan-name { width: 100%; box-sizing: border-box; }
    .banner { border-left: 4px solid var(--tl-error); background: var(--tl-bg-alt); padding: 6px 10px; margin: 8px 0; }
    .banner ul { margin: 4px 0; padding-left: 18px; }
  `];

  @property({ attribute: false }) state!: WorkbenchState;
  /** Undefined for a new plan. */
  @property() plan: string | undefined;
  @state() private root: Schema | undefined;
  @state() private entry: JsonValue | undefined;
  @state() private name = '';
  @state() private repositories: string[] = [];
  @state() private issues: FormIssues = NO_ISSUES;
  @state() private busy = false;
  @query('tl-schema-form') private form?: SchemaForm;

  override connectedCallback(): void {
    super.connectedCallback();
    new StateController(this, this.state, ['repositories'], () => void this.loadRepositories());
    // Shown again (tab or view switch): keep what the user typed.
    if (this.entry === undefined) void this.load();
  }

  private async load(): Promise<void> {
    const [schema, entry] = await Promise.all([
      this.state.attempt('Loading the config schema', () => this.state.configSchema()),
      this.plan ? this.state.attempt(`Loading plan ${this.plan}`, () => this.state.api.planConfig(this.plan!)) : Promise.resolve(undefined),
    ]);
    this.root = schema ? asSchema(schema) : undefined;
    this.name = this.plan ?? '';
    this.entry = entry ?? { paths: [] };
    await this.loadRepositories();
  }

  private async loadRepositories(): Promise<void> {
    this.repositories = ((await this.state.attempt('Loading repositories', () => this.state.api.repositories())) ?? []).map((r) => r.name);
    if (!this.plan && this.entry && !(this.entry as JsonObject)['repository'] && this.repositories[0]) this.entry = { ...(this.entry as JsonObject), repository: this.repositories[0] };
  }

  /** New each render: the schema form re-renders when what the overrides show (the repositories) changed. */
  private overrides(): Record<string, (ctx: FieldContext) => TemplateResult> {
    return {
    repository: (ctx: FieldContext): TemplateResult => html`<div class="field"><label for="plan-repository">Repository *</label>
      <select id="plan-repository" ?disabled=${!this.state.can('admin')} @change=${(e: Event) => ctx.set((e.target as HTMLSelectElement).value)}>
        ${this.repositories.map((name) => html`<option ?selected=${name === ctx.value}>${name}</option>`)}</select>
      ${ctx.problem ? html`<div class="error" data-problem="/repository">${ctx.problem}</div>` : nothing}</div>`,
    schedule: (ctx: FieldContext): TemplateResult => html`<tl-cron-field .api=${this.state.api} .value=${ctx.value as string | undefined}
      ?disabled=${!this.state.can('admin')} @value-changed=${(e: CustomEvent<string | undefined>) => ctx.set(e.detail)}></tl-cron-field>
      ${ctx.problem ? html`<div class="error" data-problem="/schedule">${ctx.problem}</div>` : nothing}`,
    retention: (ctx: FieldContext): TemplateResult => html`<fieldset><legend>Retention</legend>
      <div class="muted">Which snapshots <code>forget</code> keeps; the rest are removed (their data is freed by the next prune).</div>
      <tl-schema-form .idPrefix=${'retention-'} .schema=${ctx.schema} .root=${this.root} .value=${ctx.value} ?disabled=${!this.state.can('admin')}
        .issues=${this.nested('/retention')} @value-changed=${(e: CustomEvent<JsonValue>) => ctx.set(emptyToUndefined(e.detail))}></tl-schema-form>
      <tl-retention-preview .api=${this.state.api} .plan=${this.plan} .rules=${ctx.value}></tl-retention-preview></fieldset>`,
    };
  }

  private nested(prefix: string): ReadonlyMap<string, string> {
    return new Map([...this.issues.fields].filter(([path]) => path.startsWith(prefix)).map(([path, message]) => [path.slice(prefix.length), message]));
  }

  private async save(event: Event): Promise<void> {
    event.preventDefault();
    const problems = [
      ...(NAME_PATTERN.test(this.name) ? [] : [`Name "${this.name}": use letters, digits, '.', '_' and '-', starting with a letter or digit.`]),
      ...(this.form?.problems ?? []).map((p) => `${p.label} ${p.message}`),
    ];
    if (problems.length > 0) {
      this.issues = { fields: this.issues.fields, messages: problems };
      return;
    }
    const entry = this.entry as JsonObject;
    this.busy = true;
    try {
      let name = this.plan;
      if (!name) {
        await this.state.api.addPlan({ name: this.name, repository: String(entry['repository'] ?? ''), paths: (entry['paths'] ?? []) as string[] });
        name = this.name;
      } else if (this.name !== name) {
        await this.state.api.renamePlan(name, this.name);
        name = this.name;
      }
      const created = this.plan === undefined;
      this.plan = name;
      await this.state.api.savePlanConfig(name, entry);
      this.issues = NO_ISSUES;
      this.state.notify('info', `Plan ${name} ${created ? 'added' : 'saved'}.`, `plan:${name}`);
      this.state.emit('plans');
    } catch (error) {
      this.issues = formIssues(error, `/plans/${this.plan ?? this.name}`);
    } finally {
      this.busy = false;
    }
  }

  private async removePlan(): Promise<void> {
    const name = this.plan;
    if (!name) return;
    const sure = await confirmDialog({
      title: `Remove plan ${name}?`, confirm: `Remove plan ${name}`, danger: true,
      body: html`<p>The plan leaves the config: no more scheduled backups of it. Its snapshots stay in the repository
        and can still be browsed and restored.</p>`,
    });
    if (!sure) return;
    if (!(await this.state.succeeded(`Removing plan ${name}`, () => this.state.api.removePlan(name)))) return;
    this.state.notify('info', `Plan ${name} removed; its snapshots are kept.`);
    this.state.emit('plans');
    this.state.closeEditor(`plan:${name}`);
  }

  protected override render(): TemplateResult {
    if (!this.root || this.entry === undefined) return html`<div class="page muted">Loading…</div>`;
    const admin = this.state.can('admin');
    const operator = this.state.can('operator');
    const saved = this.plan !== undefined;
    const planSchema = asSchema((this.root as { definitions?: Record<string, JsonValue> }).definitions?.['plan']);
    return html`<form class="page" @submit=${(e: Event) => this.save(e)} aria-label=${saved ? `Plan ${this.plan}` : 'New plan'} novalidate>
      <h1>${saved ? `Plan ${this.plan}` : 'New plan'}</h1>
      ${admin ? nothing : html`<p class="warning">Changing plans needs the admin role; you can read them.</p>`}
      ${this.issues.messages.length ? html`<div class="banner" role="alert"><strong>Not saved:</strong><ul>${this.issues.messages.map((m) => html`<li>${m}</li>`)}</ul></div>` : nothing}
      <label for="plan-name">Name *</label>
      <input id="plan-name" .value=${this.name} ?disabled=${!admin} autocomplete="off" aria-describedby="plan-name-help"
        aria-invalid=${NAME_PATTERN.test(this.name) || !this.name ? 'false' : 'true'} @input=${(e: Event) => (this.name = (e.target as HTMLInputElement).value.trim())}>
      <div class="muted" id="plan-name-help">Letters, digits, '.', '_' and '-'. Renaming keeps the snapshots (they keep the old plan tag).</div>
      <tl-schema-form .idPrefix=${'plan-'} .schema=${planSchema} .root=${this.root} .value=${this.entry} .issues=${this.issues.fields}
        .overrides=${this.overrides()} .order=${PLAN_ORDER} ?disabled=${!admin} @value-changed=${(e: CustomEvent<JsonValue>) => (this.entry = e.detail)}></tl-schema-form>
      <div class="actions">
        <button type="submit" data-action="save" ?disabled=${!admin || this.busy}>${this.busy ? 'Saving…' : saved ? 'Save plan' : 'Add plan'}</button>
        ${saved ? html`
          <button type="button" class="secondary" data-action="backup" ?disabled=${!operator}
            @click=${() => startJob(this.state, { kind: 'backup', plan: this.plan! }, `Backup of ${this.plan}`)}>Back up ${this.plan} now</button>
          <button type="button" class="secondary" data-action="forget" ?disabled=${!operator}
            @click=${() => forgetWithPreview(this.state, this.plan!)}>Forget old snapshots…</button>
          <button type="button" class="secondary" data-action="delete" ?disabled=${!admin} @click=${() => this.removePlan()}>Remove plan…</button>` : nothing}
      </div>
    </form>`;
  }
}

function emptyToUndefined(value: JsonValue): JsonValue | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0 ? undefined : value;
}
