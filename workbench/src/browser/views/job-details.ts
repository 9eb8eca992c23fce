import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { sharedStyles } from '../shell/shared-styles.js';
import { StateController, type WorkbenchState } from '../state/workbench-state.js';
import { formatBytes, formatDuration, formatTime } from '../widgets/format.js';

/** Editor tab for one job: status, live progress, summary, log, cancel. */
@customElement('tl-job-details')
export class JobDetails extends LitElement {
  static override styles = [sharedStyles, css`
    pre { font: 12px/1.4 var(--tl-mono); background: var(--tl-bg-alt); padding: 8px; max-height: 40vh; overflow: auto; white-space: pre-wrap; }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; }
    dt { color: var(--tl-muted); }
  `];

  @property({ attribute: false }) state!: WorkbenchState;
  @property() jobId = '';

  override connectedCallback(): void {
    super.connectedCallback();
    new StateController(this, this.state, ['jobs']);
    // The output kept with the job on the server: there after a page reload or a restart too.
    void this.state.api.job(this.jobId).then(({ log, ...job }) => {
      const live = this.state.trackJob(job);
      if (log?.length) live.log.splice(0, live.log.length, ...log);
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
    const summary = job.summary ?? {};
    return html`<div class="page">
      <h1>${job.kind} ${job.plan ?? job.repository} <span class="badge">${job.status}</span></h1>
      ${active ? html`<progress max="100" value=${progress?.percent ?? 0} aria-label="Job progress"></progress>
        <p>${progress?.percent !== undefined ? `${progress.percent.toFixed(1)} %` : 'Starting…'}
          ${progress?.filesDone !== undefined ? ` · ${progress.filesDone} / ${progress.totalFiles ?? '?'} files` : ''}
          ${progress?.bytesDone !== undefined ? ` · ${formatBytes(progress.bytesDone)} / ${formatBytes(progress.totalBytes ?? 0)}` : ''}
          ${progress?.secondsRemaining !== undefined ? ` · ${formatDuration(progress.secondsRemaining)} left` : ''}</p>
        <button class="secondary" ?disabled=${!this.state.can('operator')} @click=${() => this.cancel()}>Cancel job</button>` : nothing}
      <dl>
        <dt>Repository</dt><dd>${job.repository}</dd>
        <dt>Queued</dt><dd>${formatTime(job.queuedAt)}</dd>
        <dt>Started</dt><dd>${formatTime(job.startedAt)}</dd>
        <dt>Finished</dt><dd>${formatTime(job.finishedAt)}</dd>
        ${Object.entries(summary).map(([key, value]) => html`<dt>${key}</dt><dd>${typeof value === 'number' && /bytes|data/i.test(key) ? formatBytes(value) : String(value)}</dd>`)}
      </dl>
      ${job.error ? html`<p class="error" role="alert">${job.error}</p>` : nothing}
      <h3>Log</h3><pre tabindex="0">${live.log.join('\n') || 'No output recorded for this job.'}</pre>
    </div>`;
  }
}
