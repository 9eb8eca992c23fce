import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { PlanDto } from '../api/api-types.js';
import { sharedStyles } from '../shell/shared-styles.js';
import { StateController, type WorkbenchState } from '../state/workbench-state.js';
import { openPlan } from './editors.js';
import { startJob } from './job-actions.js';

/** Side bar: backup plans; a name opens the plan's form, "Back up now" (operator) runs it, "Add…" (admin) makes one. */
@customElement('tl-plans-view')
export class PlansView extends LitElement {
  static override styles = [sharedStyles, css`
    :host { display: block; overflow: auto; }
    li { cursor: default; }
    li .paths { font-family: var(--tl-mono); font-size: 12px; word-break: break-all; }
    li .actions { display: flex; gap: 6px; margin-top: 2px; }
  `];

  @property({ attribute: false }) state!: WorkbenchState;
  @state() private plans: PlanDto[] = [];

  override connectedCallback(): void {
    super.connectedCallback();
    new StateController(this, this.state, ['plans'], () => void this.load());
    new StateController(this, this.state, ['jobs']);
    void this.load();
  }

  private async load(): Promise<void> {
    this.plans = (await this.state.attempt('Loading plans', () => this.state.api.plans())) ?? this.plans;
  }

  protected override render(): TemplateResult {
    const operator = this.state.can('operator');
    const admin = this.state.can('admin');
    const running = new Set(this.state.runningJobs.filter((j) => j.job.kind === 'backup').map((j) => j.job.plan));
    return html`<div class="toolbar"><h2>Plans</h2>
        <button class="secondary" ?disabled=${!admin} title=${admin ? 'Add a plan' : 'Needs the admin role'} @click=${() => openPlan(this.state)}>Add…</button>
        <button class="secondary" aria-label="Refresh plans" title="Refresh plans" @click=${() => this.load()}>⟳</button></div>
      <ul class="list" aria-label="Plans">
        ${this.plans.map((plan) => html`<li data-plan=${plan.name}>
          <button class="link" data-action="open" @click=${() => openPlan(this.state, plan.name)}><strong>${plan.name}</strong></button>
          <span class="muted">→ ${plan.repository}</span>
          <div class="paths">${plan.paths.join(', ')}</div>
          <div class="actions">
            <button data-action="backup" ?disabled=${!operator || running.has(plan.name)} title=${operator ? `Start a backup of ${plan.name} now` : 'Needs the operator role'}
              aria-label="${running.has(plan.name) ? 'Running…' : 'Back up now'}: ${plan.name}" @click=${() => startJob(this.state, { kind: 'backup', plan: plan.name }, `Backup of ${plan.name}`, false)}>
              ${running.has(plan.name) ? 'Running…' : 'Back up now'}</button>
          </div>
        </li>`)}
        ${this.plans.length ? nothing : html`<li class="muted">No plans yet.</li>`}
      </ul>`;
  }
}
