import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { ConnectionTestResult, JsonObject, JsonValue } from '../api/api-types.js';
import { sharedStyles } from '../shell/shared-styles.js';
import type { WorkbenchState } from '../state/workbench-state.js';
import { askDialog, confirmDialog } from '../widgets/confirm-dialog.js';
import { asSchema, type Schema } from '../widgets/schema/json-schema.js';
import type { SchemaForm } from '../widgets/schema/schema-form.js';
import '../widgets/schema/schema-form.js';
import { formIssues, type FormIssues, NO_ISSUES } from './form-issues.js';
import { checkRepository, pruneRepository, unlockRepository } from './maintenance-actions.js';
import { NAME_PATTERN } from './plan-editor.js';

/**
 * One repository: its settings as a form from the composed schema (the backend's own keys, checks, prune schedule,
 * window, where its secrets come from), rename, delete with the CLI's safety, and maintenance jobs.
 */
@customElement('tl-repository-editor')
export class RepositoryEditor extends LitElement {
  static override styles = [sharedStyles, css`
    .page { max-width: 760px; }
    .actions { display: flex; gap: 8px; flex-wrap: wrap; margin: 10px 0; }
    #repository-name { width: 100%; box-sizing: border-box; }
    .banner { border-left: 4px solid var(--tl-error); background: var(--tl-bg-alt); padding: 6px 10px; margin: 8px 0; }
  `];

  @property({ attribute: false }) state!: WorkbenchState;
  @property() repository = '';
  @state() private root: Schema | undefined;
  @state() private entry: JsonValue | undefined;
  @state() private name = '';
  @state() private issues: FormIssues = NO_ISSUES;
  @state() private test: ConnectionTestResult | undefined;
  @state() private busy = false;
  @query('tl-schema-form') private form?: SchemaForm;

  override connectedCallback(): void {
    super.connectedCallback();
    // Shown again (tab or view switch): keep what the user typed.
    if (this.entry === undefined) void this.load();
  }

  private async load(): Promise<void> {
    const [schema, entry] = await Promise.all([
      this.state.attempt('Loading the config schema', () => this.state.configSchema()),
      this.state.attempt(`Loading repository ${this.repository}`, () => this.state.api.repositoryConfig(this.repository)),
    ]);
    this.root = schema ? asSchema(schema) : undefined;
    this.entry = entry;
    this.name = this.repository;
  }

  private async save(event: Event): Promise<void> {
    event.preventDefault();
    const problems = [
      ...(NAME_PATTERN.test(this.name) ? [] : [`Name "${this.name}": use letters, digits, '.', '_' and '-', starting with a letter or digit.`]),
      ...(this.form?.problems ?? []).map((p) => `${p.label} ${p.message}`),
    ];
    if (problems.length) {
      this.issues = { fields: this.issues.fields, messages: problems };
      return;
    }
    this.busy = true;
    try {
      if (this.name !== this.repository) {
        await this.state.api.renameRepository(this.repository, this.name);
        this.repository = this.name;
      }
      await this.state.api.saveRepositoryConfig(this.repository, this.entry as JsonObject);
      this.issues = NO_ISSUES;
      this.state.notify('info', `Repository ${this.repository} saved.`, `repository:${this.repository}`);
      this.state.emit('repositories');
    } catch (error) {
      this.issues = formIssues(error, `/repositories/${this.repository}`);
    } finally {
      this.busy = false;
    }
  }

  /** Never deletes backup data; deleting its stored secrets too is asked separately, a second time. */
  private async removeRepository(): Promise<void> {
    const name = this.repository;
    // Where its data lives, as the backend declares it (the saved settings, not unsaved edits in the form).
    const repositories = await this.state.attempt('Loading the repositories', () => this.state.api.repositories());
    const location = repositories?.find((r) => r.name === name)?.location ?? 'its location';
    const answer = await askDialog({
      title: `Remove repository ${name} from TimeLocker?`, confirm: `Remove ${name} from the config`, danger: true,
      body: html`<p>TimeLocker forgets this repository. <strong>Its backup data at <code>${location}</code> is not deleted</strong>:
        you can add it again later with its password (Add repository, or <code>timelocker repo adopt</code>).</p>
        <label><input type="checkbox" name="deleteSecrets"> Also delete its stored password and keys from the keyring</label>`,
    });
    if (!answer) return;
    const deleteSecrets = answer['deleteSecrets'] === 'true' && await confirmDialog({
      title: `Delete the stored secrets of ${name} too?`, confirm: 'Delete the secrets as well', danger: true, cancel: 'Keep the secrets',
      body: html`<p>Without the stored password, nobody can open the backups at <code>${location}</code> unless the password is known elsewhere.
        The backup data itself is still not deleted.</p>`,
    });
    const result = await this.state.attempt(`Removing repository ${name}`, () => this.state.api.removeRepository(name, deleteSecrets));
    if (!result) return;
    this.state.notify('info', `Repository ${name} removed from the config; its backup data was not touched${result.deletedSecrets?.length ? `; ${result.deletedSecrets.length} secret(s) deleted` : ''}.`);
    this.state.emit('repositories');
    this.state.closeEditor(`repository:${name}`);
  }

  private async testConnection(): Promise<void> {
    this.test = await this.state.attempt(`Testing ${this.repository}`, () => this.state.api.testRepository(this.repository));
  }

  protected override render(): TemplateResult {
    if (!this.root || this.entry === undefined) return html`<div class="page muted">Loading…</div>`;
    const admin = this.state.can('admin');
    const operator = this.state.can('operator');
    const schema = asSchema((this.root as { definitions?: Record<string, JsonValue> }).definitions?.['repository']);
    const backend = String((this.entry as JsonObject)['backend'] ?? '');
    const name = this.repository;
    return html`<form class="page" @submit=${(e: Event) => this.save(e)} aria-label="Repository ${name}" novalidate>
      <h1>Repository ${name} <span class="badge">${backend}</span></h1>
      ${admin ? nothing : html`<p class="warning">Changing repositories needs the admin role; you can read them.</p>`}
      ${this.issues.messages.length ? html`<div class="banner" role="alert"><strong>Not saved:</strong><ul>${this.issues.messages.map((m) => html`<li>${m}</li>`)}</ul></div>` : nothing}
      <label for="repository-name">Name *</label>
      <input id="repository-name" .value=${this.name} ?disabled=${!admin} autocomplete="off" aria-describedby="repository-name-help"
        @input=${(e: Event) => (this.name = (e.target as HTMLInputElement).value.trim())}>
      <div class="muted" id="repository-name-help">Renaming moves its keyring secrets; plans and policies follow. The data is not touched.</div>
      <tl-schema-form .idPrefix=${'repository-'} .schema=${schema} .root=${this.root} .value=${this.entry} .issues=${this.issues.fields}
        .omit=${new Set(['backend'])} ?disabled=${!admin} @value-changed=${(e: CustomEvent<JsonValue>) => (this.entry = e.detail)}></tl-schema-form>
      <div class="actions">
        <button type="submit" data-action="save" ?disabled=${!admin || this.busy}>${this.busy ? 'Saving…' : 'Save repository'}</button>
        <button type="button" class="secondary" data-action="delete" ?disabled=${!admin} @click=${() => this.removeRepository()}>Remove repository…</button>
      </div>
      <h2 class="section">Maintenance</h2>
      <div class="actions">
        <button type="button" class="secondary" data-action="test" ?disabled=${!operator} @click=${() => this.testConnection()}>Test connection</button>
        <button type="button" class="secondary" data-action="check" ?disabled=${!operator} @click=${() => checkRepository(this.state, name)}>Check…</button>
        <button type="button" class="secondary" data-action="prune" ?disabled=${!operator} @click=${() => pruneRepository(this.state, name)}>Prune…</button>
        <button type="button" class="secondary" data-action="unlock" ?disabled=${!operator} @click=${() => unlockRepository(this.state, name)}>Remove stale locks</button>
      </div>
      ${this.test ? html`<p class=${this.test.status === 'ok' ? 'ok' : 'error'} role="status">${this.test.status}: ${this.test.message}${this.test.hint ? ` — ${this.test.hint}` : ''}</p>` : nothing}
    </form>`;
  }
}
