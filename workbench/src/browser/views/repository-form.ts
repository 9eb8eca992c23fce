import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { BackendContribution, ConnectionTestResult, KeyringStatus } from '../api/api-types.js';
import { sharedStyles } from '../shell/shared-styles.js';
import type { WorkbenchState } from '../state/workbench-state.js';
import { defaultPasswordMode, readPasswordSource, renderPasswordSource, type PasswordMode } from '../widgets/password-source.js';
import { readSchemaForm, renderSchemaForm } from '../widgets/schema-form.js';

/** Adds a repository with fields generated from the chosen backend's `configSchema`, then tests the connection. */
@customElement('tl-repository-form')
export class RepositoryForm extends LitElement {
  static override styles = [sharedStyles, css`
    form { max-width: 560px; }
    input[type='text'], input[type='password'], input:not([type]), select { width: 100%; box-sizing: border-box; }
    fieldset { border: 1px solid var(--tl-border); margin: 10px 0; }
    label.choice { display: flex; gap: 6px; align-items: center; }
    .actions { margin-top: 12px; display: flex; gap: 8px; }
  `];

  @property({ attribute: false }) state!: WorkbenchState;
  /** Preselected backend (the first-run wizard asks for `local`). */
  @property() backend = '';
  @property({ type: Boolean }) compact = false;
  @state() private backends: BackendContribution[] = [];
  @state() private busy = false;
  @state() private result: ConnectionTestResult | undefined;
  @state() private keyring: KeyringStatus | undefined;
  @state() private passwordMode: PasswordMode = 'keyring';
  @state() private name = '';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.state.attempt('Checking the keyring', () => this.state.api.keyringStatus()).then((keyring) => {
      this.keyring = keyring;
      this.passwordMode = defaultPasswordMode(keyring);
    });
    void this.state.attempt('Loading backends', () => this.state.api.backends()).then((backends) => {
      this.backends = backends ?? [];
      if (!this.backend) this.backend = this.backends[0]?.id ?? '';
    });
  }

  private get selected(): BackendContribution | undefined {
    return this.backends.find((b) => b.id === this.backend);
  }

  private async submit(event: Event): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const backend = this.selected;
    if (!backend || !form.reportValidity()) return;
    const value = (name: string): string => (form.elements.namedItem(name) as HTMLInputElement | null)?.value ?? '';
    const secrets: Record<string, string> = {};
    for (const secret of backend.secrets ?? []) if (value(`secret.${secret.id}`)) secrets[secret.id] = value(`secret.${secret.id}`);
    const name = value('name');
    const password = readPasswordSource(form, this.passwordMode);
    if ('problem' in password) {
      this.state.notify('error', password.problem);
      return;
    }
    this.busy = true;
    try {
      const added = await this.state.attempt('Adding the repository', () => this.state.api.addRepository({
        name, backend: backend.id, settings: readSchemaForm(form, backend.configSchema), password,
        ...(Object.keys(secrets).length ? { secrets } : {}),
      }));
      if (!added) return;
      this.state.notify('info', `Repository ${name} added.`);
      this.state.emit('repositories');
      const init = (form.elements.namedItem('init') as HTMLInputElement | null)?.checked ?? false;
      // A repository that is about to be initialized cannot be opened yet: test it only when it should exist.
      if (!init) await this.test(name);
      this.dispatchEvent(new CustomEvent('saved', { detail: { name, init } }));
    } finally {
      this.busy = false;
    }
  }

  private async test(name: string): Promise<void> {
    this.result = await this.state.attempt('Connection test', () => this.state.api.testRepository(name));
  }

  protected override render(): TemplateResult {
    const backend = this.selected;
    const admin = this.state.can('admin');
    return html`<form @submit=${(e: Event) => this.submit(e)} aria-label="Add repository">
      ${this.compact ? nothing : html`<h1>Add repository</h1>`}
      ${admin ? nothing : html`<p class="warning">Adding repositories needs the admin role.</p>`}
      <label for="name">Name *</label><input id="name" name="name" required pattern="[A-Za-z0-9][A-Za-z0-9._\\-]*" autocomplete="off"
        @input=${(e: Event) => (this.name = (e.target as HTMLInputElement).value)}>
      <label for="backend">Storage</label>
      <select id="backend" name="backend" @change=${(e: Event) => (this.backend = (e.target as HTMLSelectElement).value)}>
        ${this.backends.map((b) => html`<option value=${b.id} ?selected=${b.id === this.backend}>${b.label}</option>`)}
      </select>
      ${backend ? renderSchemaForm(backend.configSchema) : nothing}
      ${(backend?.secrets ?? []).map((s) => html`<label for="secret.${s.id}">${s.label}${s.optional ? '' : ' *'}</label>
        <input type="password" id="secret.${s.id}" name="secret.${s.id}" ?required=${!s.optional} autocomplete="off">`)}
      ${renderPasswordSource({
        mode: this.passwordMode, keyring: this.keyring, repository: this.name, idPrefix: 'repo-',
        onModeChange: (mode) => (this.passwordMode = mode),
      })}
      <label><input type="checkbox" name="init" checked> Initialize the repository now</label>
      <div class="actions"><button type="submit" ?disabled=${this.busy || !admin}>${this.busy ? 'Adding…' : 'Add repository'}</button></div>
      ${this.result ? html`<p class=${this.result.status === 'ok' ? 'ok' : 'error'} role="status">${this.result.message}</p>` : nothing}
    </form>`;
  }
}
