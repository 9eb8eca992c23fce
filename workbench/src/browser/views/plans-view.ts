import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { PlanDto, RepositoryDto } from '../api/api-types.js';
import { sharedStyles } from '../shell/shared-styles.js';
import { StateController, type WorkbenchState } from '../state/workbench-state.js';

/** Side bar: backup plans, "Back up now" (operator) and a small form to add one (admin). */
@customElement('tl-plans-view')
export class PlansView extends LitElement {
  static override styles = [sharedStyles, css`
    :host { display: block; overflow: auto; }
    li { cursor: default; }
    li .paths { font-family: var(--tl-mono); font-size: 12px; word-break: break-all; }
    form { padding: 0 10px 10px; }
    input, select, textarea { width: 100%; box-sizing: border-box; }
  `];

  @property({ attribute: false }) state!: WorkbenchState;
  @state() private plans: PlanDto[] = [];
  @state() private repositories: RepositoryDto[] = [];
  @state() private adding = false;

  override connectedCallback(): void {
    super.connectedCallback();
    new StateController(this, this.state, ['plans', 'repositories'], () => void this.load());
    new StateController(this, this.state, ['jobs']);
    void this.load();
  }

  private async load(): Promise<void> {
    const [plans, repositories] = await Promise.all([
      this.state.attempt('Loading plans', () => this.state.api.plans()),
      this.state.attempt('Loading repositories', () => this.state.api.repositories()),
    ]);
    this.plans = plans ?? this.plans;
    this.repositories = repositories ?? this.repositories;
  }

  private async backup(plan: string): Promise<void> {
    const job = await this.state.attempt(`Backup of ${plan}`, () => this.state.api.startJob({ kind: 'backup', plan }));
    if (job) {
      this.state.trackJob(job);
      this.state.emit('jobs');
    }
  }

  private async add(event: Event): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const value = (name: string): string => (form.elements.namedItem(name) as HTMLInputElement).value;
    const lines = (name: string): string[] => value(name).split('\n').map((l) => l.trim()).filter(Boolean);
    const plan = await this.state.attempt('Adding the plan', () => this.state.api.addPlan({
      name: value('plan-name'), repository: value('plan-repository'), paths: lines('plan-paths'), exclude: lines('plan-exclude'),
    }));
    if (plan) {
      this.adding = false;
      await this.load();
    }
  }

  protected override render(): TemplateResult {
    const operator = this.state.can('operator');
    const admin = this.state.can('admin');
    const running = new Set(this.state.runningJobs.map((j) => j.job.plan));
    return html`<div class="toolbar"><h2>Plans</h2>
        <button class="secondary" ?disabled=${!admin} title=${admin ? 'Add a plan' : 'Needs the admin role'} @click=${() => (this.adding = !this.adding)}>Add…</button>
        <button class="secondary" aria-label="Refresh plans" @click=${() => this.load()}>⟳</button></div>
      ${this.adding ? html`<form @submit=${(e: Event) => this.add(e)} aria-label="Add plan">
        <label for="plan-name">Name *</label><input id="plan-name" name="plan-name" required>
        <label for="plan-repository">Repository *</label><select id="plan-repository" name="plan-repository" required>
          ${this.repositories.map((r) => html`<option>${r.name}</option>`)}</select>
        <label for="plan-paths">Folders (absolute, one per line) *</label><textarea id="plan-paths" name="plan-paths" rows="2" required></textarea>
        <label for="plan-exclude">Exclude patterns (one per line)</label><textarea id="plan-exclude" name="plan-exclude" rows="2"></textarea>
        <p><button type="submit">Add plan</button></p></form>` : nothing}
      <ul class="list" aria-label="Plans">
        ${this.plans.map((plan) => html`<li data-plan=${plan.name}>
          <strong>${plan.name}</strong> <span class="muted">→ ${plan.repository}</span>
          <div class="paths">${plan.paths.join(', ')}</div>
          <button data-action="backup" ?disabled=${!operator || running.has(plan.name)} title=${operator ? 'Start a backup now' : 'Needs the operator role'}
            @click=${() => this.backup(plan.name)}>${running.has(plan.name) ? 'Running…' : 'Back up now'}</button>
        </li>`)}
        ${this.plans.length ? nothing : html`<li class="muted">No plans yet.</li>`}
      </ul>`;
  }
}
