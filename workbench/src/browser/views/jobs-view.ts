import { css, html, LitElement, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { JobStatus } from '../api/api-types.js';
import { sharedStyles } from '../shell/shared-styles.js';
import { type LiveJob, StateController, type WorkbenchState } from '../state/workbench-state.js';
import '../widgets/virtual-list.js';
import { openJob } from './job-actions.js';

const STATUSES: readonly JobStatus[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted', 'stopped-at-window-end'];

/** Side bar: every job, newest first, in a virtualized list; live progress on running ones. */
@customElement('tl-jobs-view')
export class JobsView extends LitElement {
  static override styles = [sharedStyles, css`
    :host { display: flex; flex-direction: column; min-height: 0; height: 100%; }
    tl-virtual-list { flex: 1; }
    select { margin: 0 10px 6px; }
    .status { display: inline-block; width: 78px; }
    .status.failed, .status.interrupted { color: var(--tl-error); }
    .status.succeeded { color: var(--tl-ok); }
    .status.running, .status.queued { color: var(--tl-accent); font-weight: 600; }
  `];

  @property({ attribute: false }) state!: WorkbenchState;
  @state() private filter: JobStatus | '' = '';
  private sorted: LiveJob[] = [];
  private dirty = true;

  override connectedCallback(): void {
    super.connectedCallback();
    new StateController(this, this.state, ['jobs'], () => {
      this.dirty = true;
      this.requestUpdate();
    });
  }

  private get list(): LiveJob[] {
    if (this.dirty) {
      this.sorted = [...this.state.jobs.values()].sort((a, b) => b.job.queuedAt.localeCompare(a.job.queuedAt));
      this.dirty = false;
    }
    return this.filter ? this.sorted.filter((j) => j.job.status === this.filter) : this.sorted;
  }

  private open(live: LiveJob): void {
    openJob(this.state, live.job);
  }

  private renderJob = (live: LiveJob): TemplateResult => html`<span data-job=${live.job.id}>
    <span class="status ${live.job.status}">${live.job.status}${live.progress?.percent !== undefined && live.job.status === 'running' ? ` ${Math.round(live.progress.percent)}%` : ''}</span>
    ${live.job.kind} ${live.job.plan ?? live.job.repository} <span class="muted">${new Date(live.job.queuedAt).toLocaleString()}</span></span>`;

  protected override render(): TemplateResult {
    const list = this.list;
    return html`<div class="toolbar"><h2>Jobs (${list.length})</h2>
        <button class="secondary" aria-label="Refresh jobs" @click=${() => this.state.loadJobs()}>⟳</button></div>
      <select aria-label="Status filter" @change=${(e: Event) => (this.filter = (e.target as HTMLSelectElement).value as JobStatus | '')}>
        <option value="">All statuses</option>${STATUSES.map((s) => html`<option>${s}</option>`)}
      </select>
      <tl-virtual-list aria-label="Jobs" .items=${list} .renderItem=${this.renderJob}
        @activate=${(e: CustomEvent<{ item: LiveJob }>) => this.open(e.detail.item)}></tl-virtual-list>`;
  }
}
