import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ConnectionState } from '../api/event-stream.js';
import { progressLine } from '../state/job-log.js';
import { StateController, type WorkbenchState } from '../state/workbench-state.js';
import { sharedStyles } from './shared-styles.js';

const CONNECTION_TEXT: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  disconnected: 'Disconnected from the server — reconnecting…',
  unauthorized: 'The server no longer accepts this session: open the workbench again from `timelocker serve`',
};

/** Connection state, running jobs with their progress, the caller's role, and the theme switch. */
@customElement('tl-status-bar')
export class StatusBar extends LitElement {
  static override styles = [sharedStyles, css`
    :host { display: flex; align-items: center; gap: 14px; padding: 0 10px; background: var(--tl-status-bg); color: var(--tl-status-fg); font-size: 12px; }
    :host([data-connection='disconnected']), :host([data-connection='unauthorized']) { background: var(--tl-status-offline-bg); }
    button { background: none; border: none; color: inherit; padding: 0 4px; }
    .job { display: flex; align-items: center; gap: 6px; white-space: nowrap; overflow: hidden; }
    .bar { width: 80px; height: 6px; background: rgb(255 255 255 / 0.35); border-radius: 3px; overflow: hidden; flex: none; }
    .bar > span { display: block; height: 100%; background: #ffffff; }
    .connection { font-weight: 600; white-space: nowrap; }
    .connection::before { content: '●'; margin-right: 4px; }
    .spacer { flex: 1; }
    *:focus-visible { outline-color: #ffffff; }
  `];

  @property({ attribute: false }) state!: WorkbenchState;
  /** What is wrong with the audit log, shown until a verification finds it intact again. */
  @state() private auditProblem: string | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    new StateController(this, this.state, ['jobs', 'connection']);
    new StateController(this, this.state, ['audit'], () => void this.loadAuditProblem());
    void this.loadAuditProblem();
  }

  protected override willUpdate(): void {
    this.dataset['connection'] = this.state.connection;
  }

  private async loadAuditProblem(): Promise<void> {
    const status = await this.state.api.status().catch(() => undefined);
    const problem = status?.['auditProblem'] as { problem?: string } | null | undefined;
    this.auditProblem = problem?.problem;
  }

  protected override render(): TemplateResult {
    const running = this.state.runningJobs;
    const connection = this.state.connection;
    return html`
      <span class="connection" role="status" data-connection=${connection}>${CONNECTION_TEXT[connection]}</span>
      <button @click=${() => this.dispatchEvent(new CustomEvent('toggle-panel'))} title="Show or hide the job output (Ctrl+J)" data-action="toggle-panel">
        ${running.length ? `${running.length} job${running.length > 1 ? 's' : ''} running` : 'No jobs running'}</button>
      ${running.slice(0, 3).map((live) => {
        const percent = live.progress?.percent;
        return html`<span class="job" data-job=${live.job.id} title=${live.progress ? progressLine(live.progress) : live.job.status}>
          ${live.job.kind} ${live.job.plan ?? live.job.repository}
          ${percent !== undefined ? html`<span class="bar" role="progressbar" aria-label="${live.job.kind} ${live.job.plan ?? live.job.repository} progress"
            aria-valuenow=${Math.floor(percent)} aria-valuemin="0" aria-valuemax="100"><span style="width:${Math.min(100, percent)}%"></span></span>
            ${Math.floor(percent)} %` : nothing}</span>`;
      })}
      <span class="spacer"></span>
      ${this.auditProblem ? html`<span class="audit-damaged" role="alert" title=${this.auditProblem}>⚠ Audit log damaged</span>` : nothing}
      <span data-role=${this.state.role}>Role: ${this.state.role}</span>
      <button @click=${() => this.state.commands.get('workbench.theme.toggle')?.run()} aria-label="Switch light or dark theme">◐ Theme</button>`;
  }
}
