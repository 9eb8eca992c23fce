import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { sharedStyles } from '../shell/shared-styles.js';
import { progressLine } from '../state/job-log.js';
import { StateController, type WorkbenchState } from '../state/workbench-state.js';
import { formatTime, summaryEntries } from '../widgets/format.js';

/** Editor tab for one job: status, live progress, summary in plain words and units, its log, cancel. */
@customElement('tl-job-details')
export class JobDetails extends LitElement {
  static override styles = [sharedStyles, css`
    pre { font: 12px/1.4 var(--tl-mono); background: var(--tl-bg-alt); padding: 8px; max-height: 40vh; overflow: auto; white-space: pre-wrap; }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; }
    dt { color: var(--tl-muted); }
    dd { margin: 0; }
  `];

  @property({ attribute: false }) state!: WorkbenchState;
  @property() jobId = '';

  override connectedCallback(): void {
    super.connectedCallback();
    new StateController(this, this.state, ['jobs']);
    // The output kept with the job on the server (there after a page reload or a restart too), unless this page heard
    // the job from its start; lines heard live follow.
    void this.state.api.job(this.jobId).then(({ log, ...job }) => {
      const live = this.state.trackJob(job);
      if (log?.length && !live.heardFromStart) live.log.splice(0, live.log.length, ...log);
      this.requestUpdate();
    }, () => undefined);
  }

  private async cancel(): Promise<void> {
    await this.state.attempt('Cancel', () => this.state.api.cancelJob(this.jobId));
  }

  protected override render(): TemplateResult {
    const live = this.state.jobs.get(this.jobId);
    if (!live) return html`<div class="page muted">Loading job…</div>`;
    const { job, progress } = live;
    const active = job.status === 'running' || job.status === 'queued';
    const title = `${job.kind} ${job.plan ?? job.repository}`;
    return html`<div class="page" data-job=${job.id} data-status=${job.status}>
      <h1>${title} <span class="badge">${job.status}</span></h1>
      ${active ? html`<progress max="100" value=${Math.min(100, progress?.percent ?? 0)} aria-label="Progress of ${title}"></progress>
        <p class="progress-line">${progress ? progressLine(progress) || 'Starting…' : job.status === 'queued' ? 'Waiting for its turn…' : 'Starting…'}</p>
        <button class="secondary" ?disabled=${!this.state.can('operator')} @click=${() => this.cancel()}>Cancel ${title}</button>` : nothing}
      ${job.error ? html`<p class=${job.status === 'succeeded' ? 'warning' : 'error'} role="alert">${job.status === 'succeeded' ? 'Warning: ' : ''}${job.error}</p>` : nothing}
      <dl>
        <dt>Repository</dt><dd>${job.repository}</dd>
        <dt>Queued</dt><dd>${formatTime(job.queuedAt)}</dd>
        <dt>Started</dt><dd>${formatTime(job.startedAt)}</dd>
        <dt>Finished</dt><dd>${formatTime(job.finishedAt)}</dd>
        ${summaryEntries(job.summary ?? {}).map((e) => html`<dt>${e.label}</dt><dd data-summary=${e.key}>${e.value}</dd>`)}
      </dl>
      <h2 class="section">Log</h2><pre tabindex="0" aria-label="Log of ${title}" class="job-log">${live.log.join('\n') || 'No output recorded for this job.'}</pre>
    </div>`;
  }
}
