import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError } from '../api/api-client.js';
import type { ConnectionTestResult, RepositoryDto } from '../api/api-types.js';
import { sharedStyles } from '../shell/shared-styles.js';
import { StateController, type WorkbenchState } from '../state/workbench-state.js';
import { confirmDialog } from '../widgets/confirm-dialog.js';
import { openRepository } from './editors.js';
import './repository-form.js';

function locationOf(repo: RepositoryDto | undefined): string {
  return repo?.location ?? repo?.name ?? '';
}

/** Side bar: configured repositories; add (form from the backend schema), test, initialize. */
@customElement('tl-repositories-view')
export class RepositoriesView extends LitElement {
  static override styles = [sharedStyles, css`
    :host { display: block; overflow: auto; }
    li { display: grid; grid-template-columns: 1fr auto; gap: 2px 6px; }
    li .actions { grid-column: 1 / -1; display: flex; gap: 6px; }
    li > button.link { justify-self: start; }
  `];

  @property({ attribute: false }) state!: WorkbenchState;
  @state() private repositories: RepositoryDto[] = [];
  @state() private tests = new Map<string, ConnectionTestResult>();

  override connectedCallback(): void {
    super.connectedCallback();
    new StateController(this, this.state, ['repositories'], () => void this.load());
    void this.load();
  }

  private async load(): Promise<void> {
    this.repositories = (await this.state.attempt('Loading repositories', () => this.state.api.repositories())) ?? this.repositories;
  }

  private add(): void {
    const form = document.createElement('tl-repository-form');
    Object.assign(form, { state: this.state });
    form.classList.add('page');
    form.addEventListener('saved', (event) => {
      const { name, init } = (event as CustomEvent<{ name: string; init: boolean }>).detail;
      if (init) void this.init(name);
    });
    this.state.openEditor({ id: 'repository-add', title: 'Add repository', element: form });
  }

  private async test(name: string): Promise<void> {
    const result = await this.state.attempt(`Testing ${name}`, () => this.state.api.testRepository(name));
    if (result) this.tests = new Map(this.tests).set(name, result);
  }

  /** Never creates a repository without asking first, naming where; a repository that had snapshots asks twice. */
  private async init(name: string): Promise<void> {
    const location = locationOf(this.repositories.find((r) => r.name === name));
    const sure = await confirmDialog({
      title: `Initialize repository ${name}?`, confirm: 'Initialize',
      body: html`<p>This creates a new, empty restic repository <strong>${name}</strong> at <code>${location}</code> (restic init).</p>`,
    });
    if (!sure) return;
    const job = await this.state.attempt(`Initializing ${name}`, async () => {
      try {
        return await this.state.api.initRepository(name);
      } catch (error) {
        const issues = error instanceof ApiError ? (error.body as { issues?: Array<{ field?: string; location?: string }> }).issues : undefined;
        const confirmPath = issues?.find((issue) => issue.field === 'body.confirmPath')?.location;
        if (confirmPath === undefined) throw error;
        const anyway = await confirmDialog({
          title: `Create a new repository at ${confirmPath} anyway?`, confirm: 'Create a new, empty repository', danger: true,
          body: html`<p>${(error as Error).message}</p><p>A new repository at <code>${confirmPath}</code> does not bring back what was there.</p>`,
        });
        return anyway ? this.state.api.initRepository(name, confirmPath) : undefined;
      }
    });
    if (job) this.state.trackJob(job);
  }

  protected override render(): TemplateResult {
    const operator = this.state.can('operator');
    const admin = this.state.can('admin');
    return html`<div class="toolbar"><h2>Repositories</h2>
        <button class="secondary" @click=${() => this.add()} ?disabled=${!admin} title=${admin ? 'Add a repository' : 'Needs the admin role'}>Add…</button>
        <button class="secondary" aria-label="Refresh repositories" title="Refresh repositories" @click=${() => this.load()}>⟳</button></div>
      <ul class="list" aria-label="Repositories">
        ${this.repositories.map((repo) => {
          const test = this.tests.get(repo.name);
          return html`<li data-repository=${repo.name}><button class="link" data-action="open" @click=${() => openRepository(this.state, repo.name)}><strong>${repo.name}</strong></button><span class="muted">${repo.backend}</span>
            <span class="muted" style="grid-column:1/-1">${locationOf(repo)}</span>
            <span class="actions">
              <button class="secondary" ?disabled=${!operator} aria-label="Test connection: ${repo.name}" @click=${() => this.test(repo.name)}>Test connection</button>
              <button class="secondary" ?disabled=${!admin} aria-label="Initialize: ${repo.name}" @click=${() => this.init(repo.name)}>Initialize</button>
            </span>
            ${test ? html`<span class=${test.status === 'ok' ? 'ok' : 'error'} role="status" style="grid-column:1/-1">${test.status}: ${test.message}${test.hint ? ` — ${test.hint}` : ''}</span>` : nothing}
          </li>`;
        })}
        ${this.repositories.length ? nothing : html`<li class="muted">No repositories yet.</li>`}
      </ul>`;
  }
}
