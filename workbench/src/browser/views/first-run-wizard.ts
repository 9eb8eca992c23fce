import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { JobDto, KeyringStatus } from '../api/api-types.js';
import { sharedStyles } from '../shell/shared-styles.js';
import { StateController, type WorkbenchState } from '../state/workbench-state.js';
import { defaultPasswordMode, readPasswordSource, renderPasswordSource, type PasswordMode } from '../widgets/password-source.js';

type Step = 'repository' | 'backup' | 'finished';

/** First run: "create a local repository" → "back up a folder", ending in a real first backup. */
@customElement('tl-first-run-wizard')
export class FirstRunWizard extends LitElement {
  static override styles = [sharedStyles, css`
    :host { display: block; max-width: 620px; margin: 6vh auto; padding: 0 16px; }
    ol.steps { display: flex; gap: 16px; padding: 0; list-style: none; }
    ol.steps li[aria-current='step'] { font-weight: 700; border-bottom: 2px solid var(--tl-accent); }
    input:not([type='radio']) { width: 100%; box-sizing: border-box; }
    fieldset { border: 1px solid var(--tl-border); margin: 10px 0; }
    label.choice { display: flex; gap: 6px; align-items: center; }
    .actions { display: flex; gap: 8px; margin-top: 14px; align-items: center; }
  `];

  @property({ attribute: false }) state!: WorkbenchState;
  @state() private step: Step = 'repository';
  @state() private busy = '';
  @state() private error = '';
  @state() private repository = 'local';
  @state() private backupJob: JobDto | undefined;
  @state() private keyring: KeyringStatus | undefined;
  @state() private passwordMode: PasswordMode = 'keyring';

  override connectedCallback(): void {
    super.connectedCallback();
    new StateController(this, this.state, ['jobs']);
    void this.state.attempt('Checking the keyring', () => this.state.api.keyringStatus()).then((keyring) => {
      this.keyring = keyring;
      this.passwordMode = defaultPasswordMode(keyring);
    });
  }

  private field(form: HTMLFormElement, name: string): string {
    return (form.elements.namedItem(name) as HTMLInputElement).value.trim();
  }

  private async createRepository(event: Event): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const password = readPasswordSource(form, this.passwordMode);
    if ('problem' in password) {
      this.error = password.problem;
      return;
    }
    this.error = '';
    this.repository = this.field(form, 'name');
    try {
      this.busy = 'Creating the repository…';
      await this.state.api.addRepository({ name: this.repository, backend: 'local', settings: { path: this.field(form, 'path') }, password });
      this.busy = 'Initializing it (restic init)…';
      const job = this.state.trackJob(await this.state.api.initRepository(this.repository)).job;
      const finished = await this.state.waitForJob(job.id);
      if (finished.status !== 'succeeded') throw new Error(finished.error ?? `init ${finished.status}`);
      this.state.emit('repositories');
      this.step = 'backup';
    } catch (error) {
      this.error = (error as Error).message;
    } finally {
      this.busy = '';
    }
  }

  private async backUp(event: Event): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    this.error = '';
    try {
      this.busy = 'Starting the first backup…';
      const plan = this.field(form, 'plan');
      await this.state.api.addPlan({ name: plan, repository: this.repository, paths: [this.field(form, 'folder')] });
      this.state.emit('plans');
      this.backupJob = this.state.trackJob(await this.state.api.startJob({ kind: 'backup', plan })).job;
      this.busy = 'Backing up…';
      const finished = await this.state.waitForJob(this.backupJob.id);
      this.backupJob = finished;
      if (finished.status !== 'succeeded') throw new Error(finished.error ?? `backup ${finished.status}`);
      this.step = 'finished';
    } catch (error) {
      this.error = (error as Error).message;
    } finally {
      this.busy = '';
    }
  }

  private renderProgress(): TemplateResult | typeof nothing {
    const live = this.backupJob ? this.state.jobs.get(this.backupJob.id) : undefined;
    if (!live || this.step !== 'backup') return nothing;
    const percent = live.job.status === 'succeeded' ? 100 : live.progress?.percent ?? 0;
    return html`<div class="wizard-progress" data-status=${live.job.status}>
      <progress max="100" value=${percent} aria-label="Backup progress"></progress>
      <span role="status">${live.job.status} · ${percent.toFixed(0)} %${live.progress?.filesDone !== undefined ? ` · ${live.progress.filesDone} files` : ''}</span></div>`;
  }

  protected override render(): TemplateResult {
    return html`<h1>Welcome to TimeLocker</h1>
      <ol class="steps" aria-label="Steps">
        <li aria-current=${this.step === 'repository' ? 'step' : 'false'}>1. Create a local repository</li>
        <li aria-current=${this.step === 'backup' ? 'step' : 'false'}>2. Back up a folder</li>
      </ol>
      ${this.step === 'repository' ? html`<form @submit=${(e: Event) => this.createRepository(e)} aria-label="Create a local repository">
        <p>A repository is where restic keeps your encrypted backups. Start with a folder on this machine or a mounted drive.</p>
        <label for="w-name">Repository name</label><input id="w-name" name="name" .value=${this.repository} required pattern="[A-Za-z0-9][A-Za-z0-9._\\-]*"
          @input=${(e: Event) => (this.repository = (e.target as HTMLInputElement).value)}>
        <label for="w-path">Folder for the repository (absolute path)</label><input id="w-path" name="path" required pattern="/.*" placeholder="/media/backup/timelocker">
        ${renderPasswordSource({
          mode: this.passwordMode, keyring: this.keyring, repository: this.repository, idPrefix: 'w-',
          onModeChange: (mode) => (this.passwordMode = mode),
        })}
        <p class="muted">Without this password nobody — not even you — can read the backups.</p>
        <div class="actions"><button type="submit" ?disabled=${!!this.busy}>Create repository</button>
          <button type="button" class="link" @click=${() => this.dispatchEvent(new CustomEvent('done'))}>Skip</button></div>
      </form>` : nothing}
      ${this.step === 'backup' ? html`<form @submit=${(e: Event) => this.backUp(e)} aria-label="Back up a folder">
        <p>Repository <strong>${this.repository}</strong> is ready. Choose a folder to back up now.</p>
        <label for="w-plan">Plan name</label><input id="w-plan" name="plan" value="first" required pattern="[A-Za-z0-9][A-Za-z0-9._\\-]*">
        <label for="w-folder">Folder to back up (absolute path)</label><input id="w-folder" name="folder" required pattern="/.*">
        <div class="actions"><button type="submit" ?disabled=${!!this.busy}>Back up now</button></div>
        ${this.renderProgress()}
      </form>` : nothing}
      ${this.step === 'finished' ? html`<div role="status"><p class="ok">✓ First backup done${this.backupJob?.summary?.snapshotId ? `: snapshot ${this.backupJob.summary.snapshotId}` : ''}.</p>
        <button @click=${() => this.dispatchEvent(new CustomEvent('done'))}>Open the workbench</button></div>` : nothing}
      ${this.busy ? html`<p role="status" class="muted">${this.busy}</p>` : nothing}
      ${this.error ? html`<p role="alert" class="error">${this.error}</p>` : nothing}`;
  }
}
